package dev.mooring.attach.repository;

import java.util.Arrays;
import java.util.List;

/** Lists stored as one text column. */
final class Csv {

    private Csv() {
    }

    static List<String> list(String value) {
        return list(value, ",");
    }

    static List<String> list(String value, String separator) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(java.util.regex.Pattern.quote(separator))).filter(s -> !s.isBlank()).toList();
    }

    static String join(List<String> values) {
        return values == null ? "" : String.join(",", values);
    }
}
