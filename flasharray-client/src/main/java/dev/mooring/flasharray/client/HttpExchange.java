package dev.mooring.flasharray.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One HTTP request to the array and its answer, within the array's concurrency bound: headers (request id, the
 * API or session token), query, JSON body, time limit. Tokens go only into headers, never into what is logged.
 */
final class HttpExchange {

    private static final Logger LOG = Logger.getLogger(FlashArrayClient.class);

    private final WebClient client;
    private final Endpoint endpoint;
    private final ApiToken apiToken;
    private final Duration requestTimeout;
    private final ConcurrencyLimiter limiter;
    private final ObjectMapper mapper;
    private final CallTracing tracing;

    HttpExchange(WebClient client, Endpoint endpoint, ApiToken apiToken, Duration requestTimeout,
                 ConcurrencyLimiter limiter, ObjectMapper mapper, CallTracing tracing) {
        this.client = client;
        this.endpoint = endpoint;
        this.apiToken = apiToken;
        this.requestTimeout = requestTimeout;
        this.limiter = limiter;
        this.mapper = mapper;
        this.tracing = tracing;
    }

    ConcurrencyLimiter limiter() {
        return limiter;
    }

    /**
     * Sends {@code call} once, in a CLIENT span under {@code traceParent}; fails with the transport's error when no
     * answer came.
     */
    Uni<Response> send(Call call, RestVersion ver, SessionToken tok, Context ctx, String requestId,
                       io.opentelemetry.context.Context traceParent) {
        String path = call.fullPath(ver);
        String operation = call.operation(ver);
        return limiter.acquire(ctx).chain(permit -> {
            HttpRequest<io.vertx.mutiny.core.buffer.Buffer> req =
                    client.request(call.method, endpoint.port(), endpoint.host(), path);
            req.timeout(requestTimeout.toMillis());
            if (endpoint.isIpv6()) {
                // Vert.x would write "Host: ::1:443"; HTTP needs the literal bracketed.
                req.putHeader("Host", endpoint.authority());
            }
            req.putHeader(Transport.REQUEST_ID, requestId);
            req.putHeader("Accept", "application/json");
            if (call.auth == Call.Auth.API_TOKEN) {
                req.putHeader(Transport.API_TOKEN, apiToken.reveal());
            } else if (call.auth == Call.Auth.SESSION && tok != null) {
                req.putHeader(Transport.AUTH_TOKEN, tok.reveal());
            }
            for (String[] p : call.query) {
                req.addQueryParam(p[0], p[1]);
            }
            Uni<HttpResponse<io.vertx.mutiny.core.buffer.Buffer>> sent;
            if (call.body != null) {
                byte[] json;
                try {
                    json = mapper.writeValueAsBytes(call.body);
                } catch (Exception e) {
                    permit.release();
                    return Uni.createFrom().failure(new IllegalArgumentException("cannot encode request body", e));
                }
                req.putHeader("Content-Type", "application/json");
                sent = req.sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(json));
            } else {
                sent = req.send();
            }
            long start = System.nanoTime();
            Span span = tracing.start(traceParent, call, ver, requestId);
            // The permit is held until the array answers (or the request times out), even if the caller
            // cancels: a request on the wire still counts against the array's bound.
            return Uni.createFrom().<Response>emitter(em -> sent.subscribe().with(r -> {
                permit.release();
                CallTracing.answered(span, r.statusCode());
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("%s -> %d in %d ms [array=%s, request-id=%s]", operation, r.statusCode(),
                            (System.nanoTime() - start) / 1_000_000, endpoint.authority(), requestId);
                }
                Buffer body = r.body() == null ? Buffer.buffer() : r.body().getDelegate();
                em.complete(new Response(r.statusCode(), r.headers().getDelegate(), body, requestId, operation));
            }, e -> {
                permit.release();
                CallTracing.failed(span, e);
                em.fail(e);
            }));
        });
    }

    void close() {
        client.close();
    }
}
