package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * The FlashArray list envelope: one page of items plus paging information.
 *
 * @param continuationToken   opaque token for the next page, null on the last page
 * @param moreItemsRemaining  the array's own flag (may be null on old versions)
 * @param totalItemCount      only when asked for ({@code total_item_count=true})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page<T>(List<T> items, String continuationToken, Boolean moreItemsRemaining, Long totalItemCount,
                      List<T> total, List<ApiError> errors) {

    public Page {
        items = items == null ? List.of() : List.copyOf(items);
        total = total == null ? List.of() : List.copyOf(total);
        errors = errors == null ? List.of() : List.copyOf(errors);
        if (continuationToken != null && continuationToken.isEmpty()) {
            continuationToken = null;
        }
    }

    /** True when another page can be fetched with {@link #continuationToken()}. */
    public boolean hasNext() {
        return continuationToken != null;
    }

    public Optional<String> next() {
        return Optional.ofNullable(continuationToken);
    }

    public Optional<T> first() {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }
}
