package dev.mooring.provisioner.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pool-backed volume's StorageClass asks of replica placement: {@code repl} (1–3 replicas, default 1)
 * and the hard constraints {@code zones}, {@code racks}, {@code regions} (comma-separated; unset = any).
 */
public record ReplicaRules(int repl, Set<String> zones, Set<String> racks, Set<String> regions) {

    public static final String REPL = "repl";
    public static final String ZONES = "zones";
    public static final String RACKS = "racks";
    public static final String REGIONS = "regions";
    public static final int MAX_REPL = 3;

    public ReplicaRules {
        zones = Set.copyOf(zones);
        racks = Set.copyOf(racks);
        regions = Set.copyOf(regions);
    }

    /** Reads the rules; each bad value is a problem naming its parameter (with the prefix). */
    static ReplicaRules parse(Map<String, String> params, String prefix, List<FieldProblem> problems) {
        int repl = 1;
        String raw = params.get(REPL);
        if (raw != null) {
            try {
                repl = Integer.parseInt(raw.trim());
                if (repl < 1 || repl > MAX_REPL) {
                    problems.add(new FieldProblem(prefix + REPL, "must be 1, 2 or 3 (replicas, each in another pool),"
                            + " got " + repl));
                    repl = 1;
                }
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(prefix + REPL, "must be 1, 2 or 3 (replicas, each in another pool), got '"
                        + raw + "'"));
            }
        }
        return new ReplicaRules(repl, list(params, ZONES, prefix, problems), list(params, RACKS, prefix, problems),
                list(params, REGIONS, prefix, problems));
    }

    private static Set<String> list(Map<String, String> params, String key, String prefix, List<FieldProblem> problems) {
        String raw = params.get(key);
        if (raw == null) {
            return Set.of();
        }
        List<String> values = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        if (values.isEmpty()) {
            problems.add(new FieldProblem(prefix + key, "must name at least one " + key.substring(0, key.length() - 1)
                    + " (a comma-separated list), got '" + raw + "'"));
        }
        return new LinkedHashSet<>(values);
    }
}
