package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of an envelope's {@code errors[]}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiError(String message, String context, LocationContext locationContext) {

    /** Where the error happened (array or realm). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LocationContext(String id, String name, String resourceType) {
    }
}
