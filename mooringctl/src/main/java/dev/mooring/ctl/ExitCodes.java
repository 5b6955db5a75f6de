package dev.mooring.ctl;

import dev.mooring.ctl.api.ApiException;

/** mooringctl's exit codes: 0 done, and one per kind of failure so a script can tell them apart. */
public final class ExitCodes {

    public static final int OK = 0;
    /** What was asked failed: refused by a service, or {@code --wait} saw it fail. */
    public static final int FAILED = 1;
    /** Bad usage or settings: an unknown option, a context file that cannot be used. */
    public static final int USAGE = 2;
    /** A service could not be reached, or the token was refused. */
    public static final int UNREACHABLE = 3;
    /** The object named does not exist. */
    public static final int NOT_FOUND = 4;
    /** {@code --wait} ran out of time before the outcome. */
    public static final int TIMEOUT = 5;

    private ExitCodes() {
    }

    static int of(ApiException e) {
        return switch (e.kind()) {
            case UNREACHABLE, UNAUTHORIZED, FORBIDDEN -> UNREACHABLE;
            case NOT_FOUND -> NOT_FOUND;
            case NOT_CONFIGURED -> USAGE;
            default -> FAILED;
        };
    }
}
