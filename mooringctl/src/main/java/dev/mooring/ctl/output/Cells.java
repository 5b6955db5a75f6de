package dev.mooring.ctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** How a value of the API's JSON reads in a table cell: text, times to the second, sizes in binary units. */
public final class Cells {

    private Cells() {
    }

    /** The value at a dotted path, as text; "" when absent or null; arrays joined with commas. */
    public static String text(JsonNode row, String path) {
        JsonNode node = at(row, path);
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(n.isValueNode() ? n.asText() : n.toString()));
            return String.join(",", parts);
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** A row's {@code failure} as one text: {@code reason: message} of an object, or the text the service gave. */
    public static String failure(JsonNode row) {
        JsonNode failure = row.path("failure");
        if (failure.isTextual()) {
            return failure.asText();
        }
        String reason = text(row, "failure.reason");
        String message = text(row, "failure.message");
        return reason.isEmpty() ? message : message.isEmpty() ? reason : reason + ": " + message;
    }

    public static JsonNode at(JsonNode row, String path) {
        JsonNode node = row;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** An ISO time to the second in UTC ({@code 2026-12-06T21:40:01Z}); "" when absent. */
    public static String time(JsonNode row, String path) {
        String text = text(row, path);
        if (text.isEmpty()) {
            return "";
        }
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** An ISO time to the millisecond in UTC, for phases that follow each other within a second; "" when absent. */
    public static String preciseTime(JsonNode row, String path) {
        String text = text(row, path);
        if (text.isEmpty()) {
            return "";
        }
        try {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .format(OffsetDateTime.parse(text).toInstant().atOffset(java.time.ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** {@code +12.3s}: how long after {@code from} the time at {@code path} came; "" when either is absent. */
    public static String after(JsonNode row, String from, String path) {
        String start = text(row, from);
        String end = text(row, path);
        if (start.isEmpty() || end.isEmpty()) {
            return "";
        }
        try {
            Duration d = Duration.between(OffsetDateTime.parse(start), OffsetDateTime.parse(end));
            return String.format(java.util.Locale.ROOT, "%s%.1fs", d.isNegative() ? "-" : "+", Math.abs(d.toMillis()) / 1000.0);
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    /** Bytes in binary units: {@code 10 GiB}, {@code 1.5 TiB}; "" when absent. */
    public static String bytes(JsonNode row, String path) {
        JsonNode node = at(row, path);
        return node.isNumber() ? bytes(node.asLong()) : "";
    }

    public static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? String.format(java.util.Locale.ROOT, "%d %s", (long) value, units[unit])
                : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
