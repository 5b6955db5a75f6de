package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A controller ({@code GET /controllers}).
 *
 * @param mode {@code primary}, {@code secondary}, {@code offline}, {@code not present}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Controller(String name, String mode, Long modeSince, String model, String status, String type,
                         String version) {
}
