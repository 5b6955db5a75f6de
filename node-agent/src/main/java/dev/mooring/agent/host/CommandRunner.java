package dev.mooring.agent.host;

import java.time.Duration;
import java.util.List;

/** Runs a host command (argument vector, no shell) and returns its exit code and output. */
public interface CommandRunner {

    /** The outcome of one command. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    Result run(List<String> argv, Duration timeout);

    /** Runs and insists on exit code 0. */
    default String runOk(List<String> argv, Duration timeout) {
        Result r = run(argv, timeout);
        if (!r.ok()) {
            throw new HostException(String.join(" ", argv) + " exited " + r.exitCode() + ": " + r.stderr().strip());
        }
        return r.stdout();
    }
}
