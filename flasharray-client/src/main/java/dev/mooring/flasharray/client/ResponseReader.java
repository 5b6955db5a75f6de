package dev.mooring.flasharray.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayException.Details;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.error.Outcome;
import dev.mooring.flasharray.client.model.Page;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Reads an array's answers: pages of items, one item, the error body of a refusal, the versions it offers. */
final class ResponseReader {

    private final ObjectMapper mapper;
    private final Endpoint endpoint;

    ResponseReader(ObjectMapper mapper, Endpoint endpoint) {
        this.mapper = mapper;
        this.endpoint = endpoint;
    }

    /** What an array says when it refuses: the first error's message and context (secrets scrubbed). */
    record ErrorBody(String message, String context) {
    }

    /** One page of items of the given type (the continuation token also from {@code x-next-token}). */
    <T> Function<Response, Page<T>> page(Class<T> type) {
        JavaType jt = mapper.getTypeFactory().constructParametricType(Page.class, type);
        return r -> {
            Page<T> p = read(r, jt);
            if (p.continuationToken() == null) {
                String header = r.headers().get("x-next-token");
                if (header != null && !header.isBlank()) {
                    return new Page<>(p.items(), header, p.moreItemsRemaining(), p.totalItemCount(), p.total(),
                            p.errors());
                }
            }
            return p;
        };
    }

    /** The first item of the answer; a {@link FlashArrayNotFoundException} when there is none. */
    <T> Function<Response, T> single(Class<T> type, String what) {
        Function<Response, Page<T>> pager = page(type);
        return r -> {
            Page<T> p = pager.apply(r);
            if (p.items().isEmpty()) {
                throw new FlashArrayNotFoundException(new Details(endpoint.authority(), r.operation(), r.status(),
                        null, what, r.requestId(), "the array returned no item for " + what));
            }
            return p.items().get(0);
        };
    }

    /** Every item of the answer. */
    <T> Function<Response, List<T>> items(Class<T> type) {
        Function<Response, Page<T>> pager = page(type);
        return r -> pager.apply(r).items();
    }

    /** For calls whose answer carries nothing the caller needs. */
    static Function<Response, Void> discard() {
        return r -> null;
    }

    /** The error of a refusal; a gateway in front of the array may answer {@code {"message": …}} only. */
    ErrorBody errorBody(Response r, UnaryOperator<String> scrub) {
        try {
            if (r.body() == null || r.body().length() == 0) {
                return new ErrorBody(null, null);
            }
            JsonNode n = mapper.readTree(r.body().getBytes());
            JsonNode errors = n.path("errors");
            if (errors.isArray() && errors.size() > 0) {
                JsonNode e = errors.get(0);
                return new ErrorBody(scrub.apply(text(e, "message")), scrub.apply(text(e, "context")));
            }
            return new ErrorBody(scrub.apply(text(n, "message")), null);
        } catch (Exception e) {
            return new ErrorBody(null, null);
        }
    }

    /** The REST versions an {@code /api/api_version} answer offers; null when it cannot be read. */
    List<String> offeredVersions(Response r) {
        List<String> offered = new ArrayList<>();
        try {
            JsonNode n = mapper.readTree(r.body().getBytes());
            for (JsonNode v : n.path("version")) {
                offered.add(v.asText());
            }
            return offered;
        } catch (Exception e) {
            return null;
        }
    }

    private <T> T read(Response r, JavaType type) {
        try {
            Buffer b = r.body();
            byte[] bytes = b == null || b.length() == 0 ? "{}".getBytes() : b.getBytes();
            return mapper.readValue(bytes, type);
        } catch (Exception e) {
            throw new FlashArrayException(new Details(endpoint.authority(), r.operation(), r.status(), null, null,
                    r.requestId(), "unreadable response from the array: " + e.getClass().getSimpleName()),
                    Outcome.MAY_HAVE_HAPPENED);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
