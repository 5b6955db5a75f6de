package dev.mooring.topology.domain;

/**
 * The value of one topology level and where it came from ({@code label:px/zone},
 * {@code label:topology.kubernetes.io/zone}, {@code px_env:PX_ZONE}, {@code default}); both null when the
 * level is unset.
 */
public record LevelValue(String value, String source) {

    private static final LevelValue UNSET = new LevelValue(null, null);

    public static LevelValue unset() {
        return UNSET;
    }

    public boolean isSet() {
        return value != null;
    }

    public static String labelSource(String key) {
        return "label:" + key;
    }

    public static String pxEnvSource(String key) {
        return "px_env:" + key;
    }

    public static final String DEFAULT_SOURCE = "default";
}
