package dev.mooring.kit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem: what every Mooring REST error looks like. {@code type} is stable, {@code detail}
 * names the field or object and says what to do; there is never a stack trace.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "https://mooring.dev/problems/";

    /** One invalid field: its name as the client sent it and why it was refused. */
    public record FieldError(String field, String reason) {
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, List.of());
    }
}
