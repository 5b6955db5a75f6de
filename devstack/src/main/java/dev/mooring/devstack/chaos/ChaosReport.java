package dev.mooring.devstack.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a chaos run did and what it found: the faults it caused, and the figures that must be zero for Mooring to be
 * trusted (lost, duplicated, orphaned, double connections, crash loops).
 */
public record ChaosReport(int requests, int ready, int failed, int lost, int duplicated, int orphaned,
                          int missingOnArrays, int doubleConnectionInstants, int attaches, int attachFailed,
                          int detaches, int attachOutcomeDuplicates, int redeliveredEvents, Map<String, Long> faults,
                          int sessionExpiries, List<Kill> kills, List<Flap> flaps, List<String> crashLooped,
                          int restFailovers, Duration workload, Duration total, List<String> details) {

    /** One process killed with SIGKILL: how long it stayed down and when it was serving again. */
    public record Kill(String target, Duration down, Duration recovered) {
    }

    /** One storage node silent for a while around its takeover deadline, and what Mooring made of it. */
    public record Flap(String node, String when, Duration silent, String outcome) {
    }

    /** Every figure that says something was lost, doubled or left behind; empty when the run is clean. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        check(problems, lost, "volume request(s) reached no final state, or it does not match its outcome event");
        check(problems, duplicated, "volume(s) made or settled more than once");
        check(problems, orphaned, "array volume(s) of no Ready volume (orphans)");
        check(problems, missingOnArrays, "Ready volume(s) without their array volume");
        check(problems, doubleConnectionInstants, "instant(s) with a volume or drive connected to two hosts");
        check(problems, attachOutcomeDuplicates, "attachment(s) with more than one outcome");
        if (!crashLooped.isEmpty()) {
            problems.add("processes not running at the end: " + crashLooped);
        }
        if (ready + failed + lost != requests) {
            problems.add("ready " + ready + " + failed " + failed + " + lost " + lost + " != requests " + requests);
        }
        return problems;
    }

    private static void check(List<String> problems, int figure, String what) {
        if (figure != 0) {
            problems.add(figure + " " + what);
        }
    }

    /** One line per figure, as {@code devstack/mooring chaos} prints them and docs/reliability.md keeps them. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("chaos: requests %d: Ready %d, Failed %d (with a reason)", requests, ready, failed));
        lines.add(String.format("chaos: lost %d, duplicated %d, orphaned %d, missing on arrays %d", lost, duplicated,
                orphaned, missingOnArrays));
        lines.add(String.format("chaos: instants with a volume or drive on two hosts: %d", doubleConnectionInstants));
        lines.add(String.format("chaos: attaches %d (failed %d), detaches %d, attachments with two outcomes %d",
                attaches, attachFailed, detaches, attachOutcomeDuplicates));
        lines.add(String.format("chaos: events published again after a kill (same eventId, ignored by inboxes): %d",
                redeliveredEvents));
        faults.forEach((kind, n) -> lines.add(String.format("chaos: fault %s: %d", kind, n)));
        lines.add(String.format("chaos: array sessions expired: %d", sessionExpiries));
        for (Kill kill : kills) {
            lines.add(String.format("chaos: kill -9 %s: down %.1f s, serving again %.1f s after the kill", kill.target(),
                    seconds(kill.down()), seconds(kill.recovered())));
        }
        for (Flap flap : flaps) {
            lines.add(String.format("chaos: flap %s back %s (silent %.1f s): %s", flap.node(), flap.when(),
                    seconds(flap.silent()), flap.outcome()));
        }
        lines.add(String.format("chaos: processes not running at the end: %s", crashLooped.isEmpty() ? "none" : crashLooped));
        lines.add(String.format("chaos: REST calls that went to the other instance: %d", restFailovers));
        lines.add(String.format("chaos: workload %.0f s, whole run %.0f s", seconds(workload), seconds(total)));
        details.forEach(d -> lines.add("chaos: detail: " + d));
        return lines;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
