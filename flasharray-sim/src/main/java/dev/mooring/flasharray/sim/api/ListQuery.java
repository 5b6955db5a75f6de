package dev.mooring.flasharray.sim.api;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The list parameters every GET shares — {@code filter}, {@code sort}, {@code limit}, {@code offset},
 * {@code continuation_token}, {@code total_item_count} — and the envelope they produce.
 * <p>
 * A continuation token is produced only when {@code limit} cuts the list short and no {@code sort} is given;
 * it is opaque Base64 holding the creation sequence of the last item returned, so a page resumes correctly
 * even when items were created or removed in between.
 */
public final class ListQuery {
    /** An oversized {@code limit} is silently capped to this. */
    public static final int MAX_LIMIT = 10_000;
    private static final String TOKEN_PREFIX = "sim1:";

    private final Predicate<JsonObject> filter;
    private final List<SortKey> sort;
    private final Integer limit;
    private final int offset;
    private final Long resumeAfter;
    private final boolean totalItemCount;

    private record SortKey(String[] path, boolean descending) {
    }

    private ListQuery(Predicate<JsonObject> filter, List<SortKey> sort, Integer limit, int offset, Long resumeAfter, boolean totalItemCount) {
        this.filter = filter;
        this.sort = sort;
        this.limit = limit;
        this.offset = offset;
        this.resumeAfter = resumeAfter;
        this.totalItemCount = totalItemCount;
    }

    public static ListQuery parse(MultiMap params) {
        Predicate<JsonObject> filter = null;
        String f = params.get("filter");
        if (f != null) {
            try {
                filter = Filter.parse(f);
            } catch (Filter.FilterException e) {
                throw ApiError.badRequest("filter", "Invalid filter: " + e.getMessage() + ".");
            }
        }
        List<SortKey> sort = new ArrayList<>();
        String s = params.get("sort");
        if (s != null && !s.isBlank()) {
            for (String part : s.split(",")) {
                String p = part.trim();
                boolean desc = false;
                if (p.startsWith("-")) {
                    desc = true;
                    p = p.substring(1);
                } else if (p.endsWith("-")) {
                    desc = true;
                    p = p.substring(0, p.length() - 1);
                }
                if (p.isEmpty() || !p.matches("[A-Za-z0-9_.]+")) {
                    throw ApiError.badRequest("sort", "Invalid sort field '" + part + "'.");
                }
                sort.add(new SortKey(p.split("\\."), desc));
            }
        }
        Integer limit = null;
        String l = params.get("limit");
        if (l != null) {
            limit = (int) Math.min(MAX_LIMIT, Params.nonNegativeLong(l, "limit"));
        }
        int offset = 0;
        String o = params.get("offset");
        if (o != null) {
            offset = (int) Math.min(Integer.MAX_VALUE, Params.nonNegativeLong(o, "offset"));
        }
        Long resume = null;
        String t = params.get("continuation_token");
        if (t != null && !t.isEmpty()) {
            resume = decodeToken(t);
        }
        boolean total = Params.bool(params.get("total_item_count"), "total_item_count");
        return new ListQuery(filter, sort, limit, offset, resume, total);
    }

    public static String encodeToken(long lastSeq) {
        return Base64.getEncoder().encodeToString((TOKEN_PREFIX + lastSeq).getBytes(StandardCharsets.UTF_8));
    }

    private static Long decodeToken(String token) {
        try {
            String s = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (!s.startsWith(TOKEN_PREFIX)) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(s.substring(TOKEN_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("continuation_token", "Invalid continuation_token.");
        }
    }

    /** Filters, sorts and pages the rows (given in any order) into the FlashArray envelope. */
    public JsonObject apply(List<Row> rows) {
        List<Row> selected = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (filter == null || filter.test(r.item())) {
                selected.add(r);
            }
        }
        if (sort.isEmpty()) {
            selected.sort(Comparator.comparingLong(Row::seq));
        } else {
            selected.sort(this::compare);
        }
        int total = selected.size();
        int start = 0;
        if (resumeAfter != null && sort.isEmpty()) {
            while (start < selected.size() && selected.get(start).seq() <= resumeAfter) {
                start++;
            }
        } else {
            start = Math.min(offset, selected.size());
        }
        int end = limit == null ? selected.size() : (int) Math.min(selected.size(), (long) start + limit);
        JsonArray items = new JsonArray(new ArrayList<>(Math.max(0, end - start)));
        for (int k = start; k < end; k++) {
            items.add(selected.get(k).item());
        }
        boolean more = end < selected.size();
        String token = more && sort.isEmpty() && limit != null && limit > 0 && end > start
                ? encodeToken(selected.get(end - 1).seq()) : null;
        return new JsonObject()
                .put("continuation_token", token)
                .put("more_items_remaining", more)
                .put("total_item_count", totalItemCount || (limit != null && limit == 0) ? total : null)
                .put("items", items);
    }

    private int compare(Row a, Row b) {
        for (SortKey k : sort) {
            Object x = first(a.item(), k.path);
            Object y = first(b.item(), k.path);
            int c;
            if (x == null && y == null) {
                c = 0;
            } else if (x == null) {
                c = 1;
            } else if (y == null) {
                c = -1;
            } else if (x instanceof Number nx && y instanceof Number ny) {
                c = new BigDecimal(nx.toString()).compareTo(new BigDecimal(ny.toString()));
            } else {
                c = String.valueOf(x).compareToIgnoreCase(String.valueOf(y));
                if (c == 0) {
                    c = String.valueOf(x).compareTo(String.valueOf(y));
                }
            }
            if (c != 0) {
                return k.descending && x != null && y != null ? -c : c;
            }
        }
        return Long.compare(a.seq(), b.seq());
    }

    private static Object first(JsonObject o, String[] path) {
        List<Object> v = Filter.values(o, path);
        return v.isEmpty() ? null : v.get(0);
    }

    /** The envelope of a mutation's answer: the changed items, no paging. */
    public static JsonObject envelope(JsonArray items) {
        return new JsonObject()
                .put("continuation_token", null)
                .put("more_items_remaining", false)
                .put("total_item_count", null)
                .put("items", items);
    }
}
