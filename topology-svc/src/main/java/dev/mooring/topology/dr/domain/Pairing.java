package dev.mooring.topology.dr.domain;

import java.util.Optional;

/**
 * The other cluster domain as this one's pairing Secret describes it. {@code token} and {@code kubeconfig} are
 * credentials: never logged, shown or put in a message ({@link #toString()} leaves them out).
 */
public record Pairing(String domain, String endpoint, String token, Optional<String> caPem, Optional<String> kubeconfig) {

    @Override
    public String toString() {
        return "Pairing[domain=" + domain + ", endpoint=" + endpoint + "]";
    }
}
