package dev.mooring.topology.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Derives a node's region, zone and rack, level by level. For each level the inputs are read in tiers,
 * and the first tier that has a (non-blank) value decides:
 * <ol>
 *   <li>the {@code px/<level>} label set by the user (an explicit override);</li>
 *   <li>{@code topology.kubernetes.io/<level>} and the legacy {@code failure-domain.beta.kubernetes.io/<level>}
 *       (regions and zones only: Kubernetes has no rack label);</li>
 *   <li>what the node reported from {@code /etc/pwx/px_env}: {@code PX_<LEVEL>}, or the older
 *       {@code PWX_<LEVEL>};</li>
 *   <li>the configured default.</li>
 * </ol>
 * <b>Conflicts are reported, not guessed.</b> When the inputs of the deciding tier disagree (e.g.
 * {@code topology.kubernetes.io/zone=a} and {@code failure-domain.beta.kubernetes.io/zone=b}, or
 * {@code PX_ZONE} and {@code PWX_ZONE} differing) the level is left <em>unset</em> and the search stops:
 * neither value is taken, and no lower tier is consulted. Every candidate would be a guess: the deciding
 * tier's inputs are the most authoritative ones the node has and they contradict each other, and a lower tier
 * (px_env, and above all the default) is less authoritative than either of them — taking it would put the
 * node into a failure domain its own labels deny, and replicas "spread" across zones could then share one.
 * An unset level places nothing on the strength of a value Mooring cannot trust. The user resolves the
 * conflict by correcting the labels or by setting the {@code px/<level>} override, which decides before the
 * conflicting tier is read. Inputs that agree (the usual case: the kubelet sets both spellings alike) are no
 * conflict, and the source names the preferred spelling.
 *
 * <p>The labels given here must be the user's: labels that Mooring wrote itself are its output, not an input
 * (see {@link ManagedLabels}).
 */
public final class TopologyDerivation {

    private TopologyDerivation() {
    }

    /** One input of a tier: where it comes from and its value (null or blank: not given). */
    private record Candidate(String source, String value) {
    }

    private record LevelOutcome(LevelValue value, String conflict) {
    }

    public static NodeTopology derive(Map<String, String> userLabels, Map<String, String> pxEnv,
                                      TopologyDefaults defaults) {
        Map<String, String> labels = userLabels == null ? Map.of() : userLabels;
        Map<String, String> env = pxEnv == null ? Map.of() : pxEnv;
        TopologyDefaults fallback = defaults == null ? TopologyDefaults.none() : defaults;
        List<String> conflicts = new ArrayList<>();
        LevelValue[] values = new LevelValue[TopologyLevel.values().length];
        for (TopologyLevel level : TopologyLevel.values()) {
            LevelOutcome outcome = deriveLevel(level, labels, env, fallback.of(level));
            values[level.ordinal()] = outcome.value();
            if (outcome.conflict() != null) {
                conflicts.add(outcome.conflict());
            }
        }
        return new NodeTopology(values[TopologyLevel.REGION.ordinal()], values[TopologyLevel.ZONE.ordinal()],
                values[TopologyLevel.RACK.ordinal()], conflicts);
    }

    private static LevelOutcome deriveLevel(TopologyLevel level, Map<String, String> labels,
                                            Map<String, String> env, String defaultValue) {
        for (List<Candidate> tier : tiers(level, labels, env)) {
            List<Candidate> given = tier.stream()
                    .filter(c -> c.value() != null && !c.value().isBlank())
                    .map(c -> new Candidate(c.source(), c.value().trim()))
                    .toList();
            if (given.isEmpty()) {
                continue;
            }
            Set<String> distinct = given.stream().map(Candidate::value)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (distinct.size() == 1) {
                return new LevelOutcome(new LevelValue(given.get(0).value(), given.get(0).source()), null);
            }
            String conflict = level.label() + ": " + given.stream()
                    .map(c -> c.source() + "=" + c.value())
                    .collect(Collectors.joining(" vs "));
            return new LevelOutcome(LevelValue.unset(), conflict);
        }
        return defaultValue == null
                ? new LevelOutcome(LevelValue.unset(), null)
                : new LevelOutcome(new LevelValue(defaultValue, LevelValue.DEFAULT_SOURCE), null);
    }

    private static List<List<Candidate>> tiers(TopologyLevel level, Map<String, String> labels,
                                               Map<String, String> env) {
        List<List<Candidate>> tiers = new ArrayList<>();
        tiers.add(List.of(new Candidate(LevelValue.labelSource(level.pxLabel()), labels.get(level.pxLabel()))));
        tiers.add(level.standardLabels().stream()
                .map(key -> new Candidate(LevelValue.labelSource(key), labels.get(key))).toList());
        tiers.add(level.pxEnvKeys().stream()
                .map(key -> new Candidate(LevelValue.pxEnvSource(key), env.get(key))).toList());
        return tiers;
    }
}
