package dev.mooring.ctl;

/** A command that ran but failed (e.g. a volume that {@code --wait} saw fail): its one-line reason and exit code. */
public class CtlException extends RuntimeException {

    private final int exitCode;

    public CtlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
