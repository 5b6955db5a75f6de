package dev.mooring.agent.host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What low-level probing found on a device ({@code blkid -p -o export}): a filesystem ({@code TYPE}), a partition
 * table ({@code PTTYPE}) or nothing. A device with either is never formatted.
 */
public record BlkidProbe(String type, String ptType, Map<String, String> values) {

    public static final BlkidProbe EMPTY = new BlkidProbe(null, null, Map.of());

    /** Parses {@code KEY=value} lines; blkid exits 2 when it finds nothing, which callers map to {@link #EMPTY}. */
    public static BlkidProbe parse(String exportOutput) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : exportOutput.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return new BlkidProbe(values.get("TYPE"), values.get("PTTYPE"), Map.copyOf(values));
    }

    public boolean empty() {
        return type == null && ptType == null;
    }

    /** For messages: what is on the device. */
    public String describe() {
        if (empty()) {
            return "nothing";
        }
        return type != null ? article(type) + type + " filesystem" + (values.containsKey("UUID") ? " (UUID "
                + values.get("UUID") + ")" : "") : article(ptType) + ptType + " partition table";
    }

    private static String article(String word) {
        return "aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ";
    }
}
