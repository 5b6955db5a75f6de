package dev.mooring.kit.arrays;

/** Compares Purity//FA versions numerically, part by part ({@code 6.10.0} is newer than {@code 6.9.3}). */
final class PurityVersion {

    private PurityVersion() {
    }

    /** True when {@code version} is known and older than {@code minimum}. */
    static boolean older(String version, String minimum) {
        if (version == null || version.isBlank()) {
            return false;
        }
        String[] have = version.split("[.-]");
        String[] need = minimum.split("[.-]");
        for (int i = 0; i < Math.max(have.length, need.length); i++) {
            int a = i < have.length ? number(have[i]) : 0;
            int b = i < need.length ? number(need[i]) : 0;
            if (a != b) {
                return a < b;
            }
        }
        return false;
    }

    private static int number(String part) {
        String digits = part.replaceAll("\\D.*$", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
