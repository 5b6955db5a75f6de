package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.flasharray.client.error.FlashArrayException.Details;
import dev.mooring.flasharray.client.model.Page;
import dev.mooring.flasharray.client.query.Query;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Optional;

/**
 * The list operations every collection shares: one page ({@link #list(Query)}), every page
 * ({@link #listAll(Query)}, following {@code continuation_token}), a stream of items
 * ({@link #stream(Query)}) and, for named collections, {@link #get(String)} / {@link #find(String)}.
 *
 * @param <T> the item type
 */
public abstract class ListingApi<T> {

    final Transport transport;
    final String path;
    final Class<T> type;
    private final RestVersion since;

    ListingApi(Transport transport, String path, Class<T> type, RestVersion since) {
        this.transport = transport;
        this.path = path;
        this.type = type;
        this.since = since;
    }

    /** One page. Pass the previous page's token with {@link Query#continuationToken(String)} for the next. */
    public Uni<Page<T>> list(Query query) {
        return listWith(List.of(), query);
    }

    /** One page, with fixed parameters (e.g. {@code host_names}) ahead of the query's. */
    Uni<Page<T>> listWith(List<String[]> fixed, Query query) {
        return requireVersion().chain(() -> {
            Call.Builder c = Call.get(path);
            for (String[] p : fixed) {
                c.param(p[0], p[1]);
            }
            return transport.execute(c.query(query).build(), transport.read.page(type));
        });
    }

    /** The first page of everything (subject to the array's page cap). */
    public Uni<Page<T>> list() {
        return list(Query.all());
    }

    /**
     * Every item matching the query, fetching page after page until the array returns no continuation
     * token. Use {@link Query#limit(int)} to set the page size (and no sort, or the array gives no tokens).
     */
    public Uni<List<T>> listAll(Query query) {
        return stream(query).collect().asList();
    }

    public Uni<List<T>> listAll() {
        return listAll(Query.all());
    }

    /** Every item matching the query as a stream; pages are fetched as the stream is consumed. */
    public Multi<T> stream(Query query) {
        return streamWith(List.of(), query);
    }

    /** Every item, with fixed parameters ahead of the query's, following continuation tokens. */
    Multi<T> streamWith(List<String[]> fixed, Query query) {
        final class Cursor {
            Query next = query;
            String lastToken;
        }
        return Multi.createBy().repeating()
                .uni(Cursor::new, c -> listWith(fixed, c.next).invoke(p -> {
                    String token = p.continuationToken();
                    if (token != null && token.equals(c.lastToken)) {
                        throw new IllegalStateException("the array returned the same continuation token twice");
                    }
                    c.lastToken = token;
                    c.next = query.continuationToken(token);
                }))
                .whilst(Page::hasNext)
                .onItem().transformToIterable(Page::items);
    }

    /** The named object; {@link FlashArrayNotFoundException} when it does not exist. */
    public Uni<T> get(String name) {
        return requireVersion().chain(() -> transport.execute(
                Call.get(path).param("names", name).build(), transport.read.single(type, name)));
    }

    /** The named object, or empty when it does not exist. */
    public Uni<Optional<T>> find(String name) {
        return get(name).map(Optional::of)
                .onFailure(FlashArrayNotFoundException.class).recoverWithItem(Optional.empty());
    }

    Uni<Void> requireVersion() {
        return requireVersion(since, path);
    }

    Uni<Void> requireVersion(RestVersion min, String what) {
        if (min == null) {
            return Uni.createFrom().voidItem();
        }
        return transport.restVersion().chain(v -> v.atLeast(min)
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new FlashArrayUnsupportedException(Details.local(
                        transport.endpoint.authority(), "/api/" + v + "/" + what,
                        what + " needs REST " + min + " or later; negotiated " + v))));
    }

    static java.util.Map<String, Object> ref(String name) {
        return java.util.Map.of("name", name);
    }
}
