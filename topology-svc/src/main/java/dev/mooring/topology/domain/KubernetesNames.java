package dev.mooring.topology.domain;

import java.util.regex.Pattern;

/** The syntax rules Kubernetes applies to label values and node names, checked before Mooring uses them. */
public final class KubernetesNames {

    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private KubernetesNames() {
    }

    /** Why {@code value} cannot be a label value, or null when it can. */
    public static String labelValueProblem(String value) {
        if (value.length() > 63) {
            return "'" + value.substring(0, 20) + "…' is " + value.length()
                    + " characters long; a label value has at most 63";
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            return "'" + value + "' is not a valid label value (letters, digits, '-', '_' and '.', starting and"
                    + " ending with a letter or digit)";
        }
        return null;
    }

    /** Why {@code name} cannot be a node name, or null when it can. */
    public static String nodeNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is required";
        }
        if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            return "'" + (name.length() > 64 ? name.substring(0, 64) + "…" : name)
                    + "' is not a node name (lower-case DNS subdomain, at most 253 characters)";
        }
        return null;
    }
}
