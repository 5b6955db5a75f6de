package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A reference to another object ({@code {"id":…,"name":…}}). FlashArray returns unset references as
 * objects with null members, so check {@link #isSet()} rather than null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Ref(String id, String name) {

    /** A reference by name only. */
    public static Ref named(String name) {
        return new Ref(null, name);
    }

    /** True when the reference points at something (a name or an id is present). */
    public boolean isSet() {
        return (name != null && !name.isEmpty()) || (id != null && !id.isEmpty());
    }

    /** The name, or null when unset; tolerant of a null reference. */
    public static String nameOf(Ref ref) {
        return ref == null || ref.name() == null || ref.name().isEmpty() ? null : ref.name();
    }
}
