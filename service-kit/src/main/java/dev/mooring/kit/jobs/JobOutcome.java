package dev.mooring.kit.jobs;

import java.time.Duration;

/** How a run of a job ended: done, or to be run again after a wait (with why, shown in the job's last error). */
public sealed interface JobOutcome {

    record Done() implements JobOutcome {
    }

    record RunAgain(Duration after, String reason) implements JobOutcome {
    }

    static JobOutcome done() {
        return new Done();
    }

    static JobOutcome runAgain(Duration after, String reason) {
        return new RunAgain(after, reason);
    }
}
