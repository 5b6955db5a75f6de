package dev.mooring.agent.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command runner for the host layer's unit tests: it records every command line and answers each with the
 * canned result of the longest matching prefix (exit 0 and no output when none matches).
 */
final class RecordingRunner implements CommandRunner {

    private final List<List<String>> commands = new ArrayList<>();
    private final Map<String, Result> answers = new LinkedHashMap<>();

    RecordingRunner answer(String commandPrefix, int exit, String stdout) {
        answers.put(commandPrefix, new Result(exit, stdout, exit == 0 ? "" : "failed"));
        return this;
    }

    @Override
    public Result run(List<String> argv, Duration timeout) {
        commands.add(List.copyOf(argv));
        String line = String.join(" ", argv);
        String best = null;
        for (String prefix : answers.keySet()) {
            if (line.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? new Result(0, "", "") : answers.get(best);
    }

    List<String> lines() {
        return commands.stream().map(c -> String.join(" ", c)).toList();
    }
}
