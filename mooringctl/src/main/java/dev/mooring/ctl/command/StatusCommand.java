package dev.mooring.ctl.command;

import dev.mooring.ctl.view.StatusReport;
import picocli.CommandLine.Command;

/** {@code mooringctl status}. */
@Command(mixinStandardHelpOptions = true, name = "status", description = "Arrays and pods, services (health, version, lag), nodes by state and role,"
        + " takeovers in flight, orphans and dead letters.")
public final class StatusCommand extends Shown {

    @Override
    protected void show() {
        var status = StatusReport.collect(session().api());
        session().printer().print(status, StatusReport::render);
        int missing = StatusReport.unreadable(status);
        if (missing > 0 && !watch) {
            // A script checking the exit code learns that the page is incomplete; the page says what is missing.
            throw new dev.mooring.ctl.CtlException(dev.mooring.ctl.ExitCodes.UNREACHABLE, "status is incomplete: "
                    + missing + " part(s) could not be read (see above)");
        }
    }
}
