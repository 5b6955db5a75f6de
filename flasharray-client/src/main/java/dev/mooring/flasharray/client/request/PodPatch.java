package dev.mooring.flasharray.client.request;

import java.util.List;

/**
 * Settings to change with {@code PATCH /pods?names=…}; null members are left alone. Every member sets an
 * absolute value, so the patch is safe to repeat.
 *
 * @param mediator            mediator host name ({@code purestorage} is Pure's cloud mediator)
 * @param failoverPreferences arrays preferred on a split; an empty list clears the preference
 * @param quotaLimit          bytes
 */
public record PodPatch(String mediator, List<String> failoverPreferences, Long quotaLimit) {

    public PodPatch {
        failoverPreferences = failoverPreferences == null ? null : List.copyOf(failoverPreferences);
    }

    public static PodPatch empty() {
        return new PodPatch(null, null, null);
    }

    public PodPatch withMediator(String mediator) {
        return new PodPatch(mediator, failoverPreferences, quotaLimit);
    }

    public PodPatch withFailoverPreferences(String... arrays) {
        return new PodPatch(mediator, List.of(arrays), quotaLimit);
    }

    public PodPatch withQuotaLimit(Long bytes) {
        return new PodPatch(mediator, failoverPreferences, bytes);
    }

    public boolean isEmpty() {
        return mediator == null && failoverPreferences == null && quotaLimit == null;
    }
}
