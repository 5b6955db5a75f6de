package dev.mooring.agent.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parsing of the node's files: the iSCSI initiator name, FC port names, and {@code /etc/pwx/px_env}. */
public final class NodeFacts {

    private NodeFacts() {
    }

    /** The IQN in {@code initiatorname.iscsi} ({@code InitiatorName=iqn.…}; comments and blanks ignored). */
    public static Optional<String> initiatorName(String fileText) {
        if (fileText == null) {
            return Optional.empty();
        }
        for (String line : fileText.split("\n")) {
            String l = line.trim();
            if (l.startsWith("InitiatorName=")) {
                String iqn = l.substring("InitiatorName=".length()).trim();
                if (!iqn.isEmpty()) {
                    return Optional.of(iqn);
                }
            }
        }
        return Optional.empty();
    }

    /** A WWN from {@code /sys/class/fc_host/hostN/port_name} ({@code 0x21000024ff3a4b5c}) as 16 lower-case hex. */
    public static Optional<String> fcPortName(String fileText) {
        if (fileText == null) {
            return Optional.empty();
        }
        String w = fileText.trim().toLowerCase(Locale.ROOT);
        if (w.startsWith("0x")) {
            w = w.substring(2);
        }
        w = w.replace(":", "");
        return w.matches("[0-9a-f]{16}") && !w.matches("0+") ? Optional.of(w) : Optional.empty();
    }

    /** {@code KEY=value} lines of a px_env file ({@code export} prefix and quotes allowed), in file order. */
    public static Map<String, String> pxEnv(String fileText) {
        Map<String, String> values = new LinkedHashMap<>();
        if (fileText == null) {
            return values;
        }
        for (String line : fileText.split("\n")) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("export ")) {
                l = l.substring(7).trim();
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = l.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(l.substring(0, eq).trim(), value);
        }
        return values;
    }

    /**
     * The node's topology for NodeGetInfo under topology-svc's keys {@code px/region}, {@code px/zone},
     * {@code px/rack}: the Node's {@code px/<level>} label first, then {@code topology.kubernetes.io/<level>}
     * (region and zone), then px_env's {@code PX_<LEVEL>} or {@code PWX_<LEVEL>}; a level with no value is left out.
     */
    public static Map<String, String> topology(Map<String, String> nodeLabels, Map<String, String> pxEnv) {
        Map<String, String> segments = new LinkedHashMap<>();
        for (String level : List.of("region", "zone", "rack")) {
            List<String> candidates = new ArrayList<>();
            candidates.add(nodeLabels.get("px/" + level));
            if (!level.equals("rack")) {
                candidates.add(nodeLabels.get("topology.kubernetes.io/" + level));
            }
            String upper = level.toUpperCase(Locale.ROOT);
            candidates.add(pxEnv.get("PX_" + upper));
            candidates.add(pxEnv.get("PWX_" + upper));
            candidates.stream().filter(v -> v != null && !v.isBlank()).findFirst()
                    .ifPresent(v -> segments.put("px/" + level, v.trim()));
        }
        return segments;
    }
}
