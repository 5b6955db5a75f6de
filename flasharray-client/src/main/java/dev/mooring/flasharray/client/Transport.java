package dev.mooring.flasharray.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.flasharray.client.error.FlashArrayAuthenticationException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayException.Details;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException.RateLimit;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.flasharray.client.error.Outcome;
import dev.mooring.flasharray.client.model.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The HTTP side of one client: REST version negotiation, the shared session, the per-array concurrency
 * bound, and the retry rules of {@link RetryPolicy}. Every outcome is delivered on the caller's context.
 */
final class Transport {

    private static final Logger LOG = Logger.getLogger(FlashArrayClient.class);
    static final String REQUEST_ID = "X-Request-ID";
    static final String AUTH_TOKEN = "x-auth-token";
    static final String API_TOKEN = "api-token";

    final Vertx vertx;
    final Endpoint endpoint;
    final RetryPolicy policy;
    final ObjectMapper mapper;
    private final WebClient client;
    private final ApiToken apiToken;
    private final Duration requestTimeout;
    private final RestVersion minVersion;
    private final RestVersion maxVersion;
    private final ConcurrencyLimiter limiter;
    private final DoubleSupplier random;
    private final Clock clock;

    private final Object lock = new Object();
    private CompletableFuture<RestVersion> version;
    private volatile RestVersion negotiated;
    private CompletableFuture<SessionToken> session;
    private final ArrayDeque<String> knownSessionTokens = new ArrayDeque<>();
    private volatile boolean closed;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimitWaits = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong relogins = new AtomicLong();

    Transport(Vertx vertx, WebClient client, Endpoint endpoint, ApiToken apiToken, Duration requestTimeout,
              RetryPolicy policy, RestVersion minVersion, RestVersion maxVersion, int maxConcurrent,
              DoubleSupplier random, Clock clock, ObjectMapper mapper) {
        this.vertx = vertx;
        this.client = client;
        this.endpoint = endpoint;
        this.apiToken = apiToken;
        this.requestTimeout = requestTimeout;
        this.policy = policy;
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
        this.limiter = new ConcurrencyLimiter(maxConcurrent);
        this.random = random;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** Per-call retry bookkeeping. */
    private static final class Attempt {
        final String requestId;
        int transientRetries;
        int rateLimitRetries;
        boolean relogged;
        SessionToken fixedToken;

        Attempt(String requestId) {
            this.requestId = requestId;
        }
    }

    // ------------------------------------------------------------------------------------------ calls

    /** Sends the call (with retries) and decodes the answer, delivering on the caller's context. */
    <T> Uni<T> execute(Call call, Function<Response, T> decoder) {
        return Uni.createFrom().deferred(() -> {
            if (closed) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "FlashArrayClient for " + endpoint + " is closed"));
            }
            Context ctx = Contexts.current(vertx);
            Attempt st = new Attempt(newRequestId());
            return Contexts.on(ctx, () -> run(call, ctx, st).map(decoder));
        });
    }

    /** One page of items of the given type. */
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

    static <T> Function<Response, Void> discard() {
        return r -> null;
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

    // ------------------------------------------------------------------------------- retry engine

    private Uni<Response> run(Call call, Context ctx, Attempt st) {
        return Uni.createFrom().deferred(() -> {
            Uni<RestVersion> v = call.versioned ? version(ctx) : Uni.createFrom().item((RestVersion) null);
            return v.chain(ver -> {
                Uni<SessionToken> s;
                if (call.auth != Call.Auth.SESSION) {
                    s = Uni.createFrom().item((SessionToken) null);
                } else if (st.fixedToken != null) {
                    s = Uni.createFrom().item(st.fixedToken);
                } else {
                    s = session(ctx);
                }
                return s.chain(tok -> sendOnce(call, ver, tok, ctx, st)
                        .onItemOrFailure().transformToUni((resp, err) -> decide(call, ver, tok, ctx, st, resp, err)));
            });
        });
    }

    private Uni<Response> decide(Call call, RestVersion ver, SessionToken tok, Context ctx, Attempt st,
                                 Response resp, Throwable err) {
        String operation = call.operation(ver);
        if (err != null) {
            FlashArrayException ex = ErrorClassifier.fromTransport(
                    Details.local(endpoint.authority(), operation, null).withRequestId(st.requestId), err);
            boolean notSent = ex.outcome() == Outcome.NOT_APPLIED_RETRYABLE;
            if (ex.outcome() != Outcome.FINAL && (notSent || mayRepeat(call))) {
                return retryTransient(call, ctx, st, ex);
            }
            return Uni.createFrom().failure(ex);
        }
        int status = resp.status();
        if (resp.isSuccess()) {
            return Uni.createFrom().item(resp);
        }
        ErrorBody eb = errorBody(resp);
        Details d = new Details(endpoint.authority(), operation, status, eb.message(), eb.context(), st.requestId,
                null);
        if (status == 401 && call.auth == Call.Auth.SESSION && st.fixedToken == null && !st.relogged) {
            st.relogged = true;
            relogins.incrementAndGet();
            LOG.infof("session refused (%s), logging in again [array=%s, operation=%s, request-id=%s]",
                    eb.message(), endpoint.authority(), operation, st.requestId);
            invalidate(tok);
            return run(call, ctx, st);
        }
        if (call.auth == Call.Auth.API_TOKEN && status >= 400 && status < 500 && status != 429) {
            return Uni.createFrom().failure(new FlashArrayAuthenticationException(new Details(endpoint.authority(),
                    operation, status, eb.message(), eb.context(), st.requestId,
                    "the array refused the API token")));
        }
        if (status == 429) {
            RateLimit rl = RateLimitHeaders.parse(name -> resp.headers().get(name), clock.instant());
            if (st.rateLimitRetries < policy.maxRateLimitRetries()) {
                st.rateLimitRetries++;
                rateLimitWaits.incrementAndGet();
                Duration wait = policy.rateLimitWait(RateLimitHeaders.requestedWait(rl));
                LOG.infof("rate limited, waiting %d ms (%d/%d) [array=%s, operation=%s, request-id=%s]",
                        wait.toMillis(), st.rateLimitRetries, policy.maxRateLimitRetries(), endpoint.authority(),
                        operation, st.requestId);
                return Contexts.delay(vertx, ctx, wait).chain(() -> run(call, ctx, st));
            }
            return Uni.createFrom().failure(new FlashArrayRateLimitedException(d, rl));
        }
        FlashArrayException ex = ErrorClassifier.fromResponse(d, null);
        if (ex.outcome() == Outcome.MAY_HAVE_HAPPENED && mayRepeat(call)) {
            return retryTransient(call, ctx, st, ex);
        }
        return Uni.createFrom().failure(ex);
    }

    private Uni<Response> retryTransient(Call call, Context ctx, Attempt st, FlashArrayException ex) {
        if (st.transientRetries >= policy.maxRetries()) {
            return Uni.createFrom().failure(ex);
        }
        st.transientRetries++;
        retries.incrementAndGet();
        Duration wait = policy.backoff(st.transientRetries, random);
        LOG.infof("%s; retry %d/%d in %d ms", ex.getMessage(), st.transientRetries, policy.maxRetries(),
                wait.toMillis());
        return Contexts.delay(vertx, ctx, wait).chain(() -> run(call, ctx, st));
    }

    private boolean mayRepeat(Call call) {
        return switch (call.safety) {
            case READ -> true;
            case ABSOLUTE_WRITE -> policy.mayRetryMutation(true);
            case WRITE -> policy.mayRetryMutation(false);
        };
    }

    private Uni<Response> sendOnce(Call call, RestVersion ver, SessionToken tok, Context ctx, Attempt st) {
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
            req.putHeader(REQUEST_ID, st.requestId);
            req.putHeader("Accept", "application/json");
            if (call.auth == Call.Auth.API_TOKEN) {
                req.putHeader(API_TOKEN, apiToken.reveal());
            } else if (call.auth == Call.Auth.SESSION && tok != null) {
                req.putHeader(AUTH_TOKEN, tok.reveal());
            }
            for (String[] p : call.query) {
                req.addQueryParam(p[0], p[1]);
            }
            Uni<io.vertx.mutiny.ext.web.client.HttpResponse<io.vertx.mutiny.core.buffer.Buffer>> sent;
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
            requests.incrementAndGet();
            Uni<io.vertx.mutiny.ext.web.client.HttpResponse<io.vertx.mutiny.core.buffer.Buffer>> exchange = sent;
            // The permit is held until the array answers (or the request times out), even if the caller
            // cancels: a request on the wire still counts against the array's bound.
            return Uni.createFrom().<Response>emitter(em -> exchange.subscribe().with(r -> {
                permit.release();
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("%s -> %d in %d ms [array=%s, request-id=%s]", operation, r.statusCode(),
                            (System.nanoTime() - start) / 1_000_000, endpoint.authority(), st.requestId);
                }
                Buffer body = r.body() == null ? Buffer.buffer() : r.body().getDelegate();
                em.complete(new Response(r.statusCode(), r.headers().getDelegate(), body, st.requestId, operation));
            }, e -> {
                permit.release();
                em.fail(e);
            }));
        });
    }

    private record ErrorBody(String message, String context) {
    }

    private ErrorBody errorBody(Response r) {
        try {
            if (r.body() == null || r.body().length() == 0) {
                return new ErrorBody(null, null);
            }
            JsonNode n = mapper.readTree(r.body().getBytes());
            JsonNode errors = n.path("errors");
            if (errors.isArray() && errors.size() > 0) {
                JsonNode e = errors.get(0);
                return new ErrorBody(scrub(text(e, "message")), scrub(text(e, "context")));
            }
            // A gateway in front of the array may answer {"message": …} without "errors".
            return new ErrorBody(scrub(text(n, "message")), null);
        } catch (Exception e) {
            return new ErrorBody(null, null);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Removes any known secret from text that came from the array. */
    String scrub(String s) {
        if (s == null) {
            return null;
        }
        String out = s.replace(apiToken.reveal(), "****");
        synchronized (lock) {
            for (String t : knownSessionTokens) {
                out = out.replace(t, "****");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------- version and session

    /** The negotiated REST version, negotiating on first use (one request for all concurrent callers). */
    Uni<RestVersion> version(Context ctx) {
        CompletableFuture<RestVersion> cf;
        boolean start = false;
        synchronized (lock) {
            if (version == null) {
                version = new CompletableFuture<>();
                start = true;
            }
            cf = version;
        }
        if (start) {
            Call c = Call.get("/api/api_version").unversioned().auth(Call.Auth.NONE).build();
            CompletableFuture<RestVersion> mine = cf;
            run(c, ctx, new Attempt(newRequestId())).map(this::negotiate).subscribe().with(v -> {
                negotiated = v;
                LOG.debugf("negotiated REST %s [array=%s]", v, endpoint.authority());
                mine.complete(v);
            }, e -> {
                synchronized (lock) {
                    if (version == mine) {
                        version = null;
                    }
                }
                mine.completeExceptionally(e);
            });
        }
        return Contexts.fromFuture(cf, ctx);
    }

    /** The negotiated version, on the caller's context. */
    Uni<RestVersion> restVersion() {
        return Uni.createFrom().deferred(() -> {
            Context ctx = Contexts.current(vertx);
            return Contexts.on(ctx, () -> version(ctx));
        });
    }

    Optional<RestVersion> negotiated() {
        return Optional.ofNullable(negotiated);
    }

    private RestVersion negotiate(Response r) {
        List<String> offered = new ArrayList<>();
        try {
            JsonNode n = mapper.readTree(r.body().getBytes());
            for (JsonNode v : n.path("version")) {
                offered.add(v.asText());
            }
        } catch (Exception e) {
            throw new FlashArrayUnsupportedException(new Details(endpoint.authority(), r.operation(), r.status(),
                    null, null, r.requestId(), "unreadable api_version answer"));
        }
        return RestVersion.negotiate(offered, minVersion, maxVersion).orElseThrow(() ->
                new FlashArrayUnsupportedException(new Details(endpoint.authority(), r.operation(), r.status(), null,
                        null, r.requestId(), "no common REST version: the array offers " + offered
                        + ", the client accepts 2.x from " + minVersion
                        + (maxVersion == null ? " up" : " to " + maxVersion))));
    }

    /** The session, logging in on first use; concurrent callers share one login. */
    Uni<SessionToken> session(Context ctx) {
        CompletableFuture<SessionToken> cf;
        boolean start = false;
        synchronized (lock) {
            if (session == null) {
                session = new CompletableFuture<>();
                start = true;
            }
            cf = session;
        }
        if (start) {
            CompletableFuture<SessionToken> mine = cf;
            login(ctx).subscribe().with(mine::complete, e -> {
                synchronized (lock) {
                    if (session == mine) {
                        session = null;
                    }
                }
                mine.completeExceptionally(e);
            });
        }
        return Contexts.fromFuture(cf, ctx);
    }

    private Uni<SessionToken> login(Context ctx) {
        Call c = Call.post("login").auth(Call.Auth.API_TOKEN).safety(Call.Safety.READ).build();
        Attempt st = new Attempt(newRequestId());
        return run(c, ctx, st).map(r -> {
            String t = r.headers().get(AUTH_TOKEN);
            if (t == null || t.isBlank()) {
                throw new FlashArrayAuthenticationException(new Details(endpoint.authority(), r.operation(),
                        r.status(), null, null, r.requestId(), "login answered without an x-auth-token header"));
            }
            synchronized (lock) {
                knownSessionTokens.addLast(t);
                while (knownSessionTokens.size() > 8) {
                    knownSessionTokens.removeFirst();
                }
            }
            logins.incrementAndGet();
            LOG.debugf("logged in [array=%s, request-id=%s]", endpoint.authority(), r.requestId());
            return new SessionToken(t);
        });
    }

    /** Forgets the session if it is still {@code tok}, so the next call logs in again (once for all). */
    private void invalidate(SessionToken tok) {
        synchronized (lock) {
            CompletableFuture<SessionToken> cf = session;
            if (cf != null && cf.isDone() && !cf.isCompletedExceptionally() && cf.getNow(null) == tok) {
                session = null;
            }
        }
    }

    /** Logs in now (normally this happens on the first call). */
    Uni<Void> login() {
        return Uni.createFrom().deferred(() -> {
            Context ctx = Contexts.current(vertx);
            return Contexts.on(ctx, () -> session(ctx).replaceWithVoid());
        });
    }

    /** Ends the session, if any; the next call logs in again. A session the array already dropped is fine. */
    Uni<Void> logout() {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<SessionToken> cf;
            synchronized (lock) {
                cf = session;
                session = null;
            }
            if (cf == null) {
                return Uni.createFrom().voidItem();
            }
            Context ctx = Contexts.current(vertx);
            return Contexts.on(ctx, () -> Contexts.fromFuture(cf, ctx)
                    .onFailure().recoverWithNull()
                    .chain(tok -> {
                        if (tok == null) {
                            return Uni.createFrom().voidItem();
                        }
                        Attempt st = new Attempt(newRequestId());
                        st.fixedToken = tok;
                        Call c = Call.post("logout").safety(Call.Safety.READ).build();
                        return run(c, ctx, st).replaceWithVoid()
                                .onFailure(e -> e instanceof FlashArrayException fe && fe.status() == 401)
                                .recoverWithNull();
                    }));
        });
    }

    /** Logs out (best effort) and releases the HTTP client; later calls fail. */
    Uni<Void> close() {
        return logout().onFailure().recoverWithNull().eventually(() -> {
            closed = true;
            client.close();
        });
    }

    /** Session tokens issued to this client so far (the last few), for leak tests in this package only. */
    List<String> sessionTokensForTests() {
        synchronized (lock) {
            return List.copyOf(knownSessionTokens);
        }
    }

    ClientStats stats() {
        return new ClientStats(limiter.max(), limiter.inFlight(), limiter.queued(), limiter.maxObserved(),
                limiter.queuedTotal(), requests.get(), retries.get(), rateLimitWaits.get(), logins.get(),
                relogins.get());
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }
}
