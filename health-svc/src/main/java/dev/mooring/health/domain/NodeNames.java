package dev.mooring.health.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** Validates node names as Kubernetes does: a DNS-1123 subdomain. */
public final class NodeNames {

    private static final Pattern SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private NodeNames() {
    }

    /** Why {@code name} cannot be a node name, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (name.length() > 253) {
            return Optional.of("must be at most 253 characters, is " + name.length());
        }
        if (!SUBDOMAIN.matcher(name).matches()) {
            return Optional.of("must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and"
                    + " ending with a letter or digit), as Kubernetes names nodes");
        }
        return Optional.empty();
    }
}
