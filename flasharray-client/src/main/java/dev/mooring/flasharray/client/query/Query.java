package dev.mooring.flasharray.client.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Options for a list call: {@code names} or {@code ids} (never both), {@code filter}, {@code limit},
 * {@code sort}, {@code destroyed} and a {@code continuation_token} for single-page access.
 * Immutable; each {@code with…}/setter-style method returns a copy.
 *
 * <p>Paging: the array returns a continuation token only when {@code limit} is smaller than what remains
 * and no {@code sort} is given. {@code listAll} methods follow the tokens until the last page.
 */
public final class Query {

    private static final Query ALL = new Query(List.of(), List.of(), null, null, List.of(), null, null);

    private final List<String> names;
    private final List<String> ids;
    private final Filter filter;
    private final Integer limit;
    private final List<String> sort;
    private final Boolean destroyed;
    private final String continuationToken;

    private Query(List<String> names, List<String> ids, Filter filter, Integer limit, List<String> sort,
                  Boolean destroyed, String continuationToken) {
        this.names = names;
        this.ids = ids;
        this.filter = filter;
        this.limit = limit;
        this.sort = sort;
        this.destroyed = destroyed;
        this.continuationToken = continuationToken;
    }

    /** No restriction: every object (subject to the array's own page cap). */
    public static Query all() {
        return ALL;
    }

    /** Exactly these names. */
    public static Query names(String... names) {
        return ALL.withNames(List.of(names));
    }

    /** Exactly these ids. */
    public static Query ids(String... ids) {
        return ALL.withIds(List.of(ids));
    }

    /** Objects matching a filter. */
    public static Query filter(Filter filter) {
        return ALL.withFilter(filter);
    }

    public Query withNames(Collection<String> names) {
        List<String> copy = checkedList(names, "names");
        if (!copy.isEmpty() && !ids.isEmpty()) {
            throw new IllegalArgumentException("use names or ids, never both");
        }
        return new Query(copy, ids, filter, limit, sort, destroyed, continuationToken);
    }

    public Query withIds(Collection<String> ids) {
        List<String> copy = checkedList(ids, "ids");
        if (!copy.isEmpty() && !names.isEmpty()) {
            throw new IllegalArgumentException("use names or ids, never both");
        }
        return new Query(names, copy, filter, limit, sort, destroyed, continuationToken);
    }

    public Query withFilter(Filter filter) {
        return new Query(names, ids, filter, limit, sort, destroyed, continuationToken);
    }

    /** Page size; {@code 0} asks for a count only. */
    public Query limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0");
        }
        return new Query(names, ids, filter, limit, sort, destroyed, continuationToken);
    }

    /** Sort keys, e.g. {@code "name"}, {@code "-provisioned"}. A sort suppresses continuation tokens. */
    public Query sort(String... keys) {
        List<String> copy = new ArrayList<>();
        for (String k : keys) {
            if (k == null || !k.matches("-?[a-zA-Z_][a-zA-Z0-9_.]*")) {
                throw new IllegalArgumentException("invalid sort key: " + k);
            }
            copy.add(k);
        }
        return new Query(names, ids, filter, limit, List.copyOf(copy), destroyed, continuationToken);
    }

    /** {@code true}: only destroyed (pending eradication); {@code false}: only live; null: both. */
    public Query destroyed(Boolean destroyed) {
        return new Query(names, ids, filter, limit, sort, destroyed, continuationToken);
    }

    /** Resume from a page's continuation token. */
    public Query continuationToken(String token) {
        return new Query(names, ids, filter, limit, sort, destroyed, token);
    }

    public List<String> names() {
        return names;
    }

    public List<String> ids() {
        return ids;
    }

    public Optional<Filter> filterExpression() {
        return Optional.ofNullable(filter);
    }

    public OptionalInt pageLimit() {
        return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
    }

    public List<String> sortKeys() {
        return sort;
    }

    public Optional<Boolean> destroyedFlag() {
        return Optional.ofNullable(destroyed);
    }

    public Optional<String> token() {
        return Optional.ofNullable(continuationToken);
    }

    /** The query parameters in order, as {@code name, value} pairs (values not yet URL encoded). */
    public List<String[]> toParams() {
        List<String[]> params = new ArrayList<>();
        if (!names.isEmpty()) {
            params.add(new String[] {"names", String.join(",", names)});
        }
        if (!ids.isEmpty()) {
            params.add(new String[] {"ids", String.join(",", ids)});
        }
        if (filter != null) {
            params.add(new String[] {"filter", filter.expression()});
        }
        if (limit != null) {
            params.add(new String[] {"limit", Integer.toString(limit)});
        }
        if (!sort.isEmpty()) {
            params.add(new String[] {"sort", String.join(",", sort)});
        }
        if (destroyed != null) {
            params.add(new String[] {"destroyed", destroyed.toString()});
        }
        if (continuationToken != null) {
            params.add(new String[] {"continuation_token", continuationToken});
        }
        return params;
    }

    private static List<String> checkedList(Collection<String> values, String what) {
        Objects.requireNonNull(values, what);
        for (String v : values) {
            if (v == null || v.isEmpty() || v.contains(",")) {
                throw new IllegalArgumentException(what + " must be non-empty and contain no comma: " + v);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Query[");
        for (String[] p : toParams()) {
            if (sb.length() > 6) {
                sb.append(", ");
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Query q && q.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
