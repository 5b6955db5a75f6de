package dev.mooring.ctl.command;

import dev.mooring.ctl.ExitCodes;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** A command that shows something: once, or again and again with {@code --watch}. */
public abstract class Shown extends Base {

    @Option(names = {"-w", "--watch"}, description = "Show again every --interval until interrupted (Ctrl-C).")
    boolean watch;

    @Option(names = "--interval", defaultValue = "2s", converter = Durations.class,
            description = "How often --watch shows again (e.g. 2s, 500ms, 1m; default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--watch-count", hidden = true, defaultValue = "0",
            description = "Stop --watch after this many showings (for scripts and tests; 0 = never).")
    int watchCount;

    /** Reads and prints once. */
    protected abstract void show();

    @Override
    public Integer call() throws InterruptedException {
        if (!watch) {
            show();
            return ExitCodes.OK;
        }
        for (int shown = 1; ; shown++) {
            session().out().println("--- " + Instant.now(session().clock()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            show();
            session().out().flush();
            if (watchCount > 0 && shown >= watchCount) {
                return ExitCodes.OK;
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
