package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The array itself ({@code GET /arrays}, one item).
 *
 * @param capacity    usable bytes
 * @param idleTimeout session idle timeout in ms
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Array(String id, String name, String os, String version, Long capacity, Double parity,
                    Space space, Long idleTimeout, Long scsiTimeout, String banner, List<String> ntpServers,
                    Encryption encryption, Pod.EradicationConfig eradicationConfig) {

    public Array {
        ntpServers = ntpServers == null ? List.of() : List.copyOf(ntpServers);
    }

    /** {@code encryption.data_at_rest}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Encryption(DataAtRest dataAtRest) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DataAtRest(Boolean enabled, String algorithm) {
    }
}
