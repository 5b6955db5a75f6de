package dev.mooring.flasharray.client.request;

import dev.mooring.flasharray.client.FlashArrayNames;
import java.util.List;

/**
 * What to create with {@code POST /pods?names=…}.
 *
 * @param failoverPreferences arrays preferred to keep serving on a split, in order; may be empty
 * @param quotaLimit          bytes, or null (REST 2.23+)
 */
public record PodCreate(String name, List<String> failoverPreferences, Long quotaLimit) {

    public PodCreate {
        FlashArrayNames.requireValidQualified(name);
        failoverPreferences = failoverPreferences == null ? List.of() : List.copyOf(failoverPreferences);
    }

    public static PodCreate named(String name) {
        return new PodCreate(name, null, null);
    }

    public PodCreate withFailoverPreferences(String... arrays) {
        return new PodCreate(name, List.of(arrays), quotaLimit);
    }

    public PodCreate withQuotaLimit(Long bytes) {
        return new PodCreate(name, failoverPreferences, bytes);
    }
}
