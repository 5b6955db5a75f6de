package dev.mooring.flasharray.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.flasharray.client.error.FlashArrayAuthenticationException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayException.Details;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException.RateLimit;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.flasharray.client.error.Outcome;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The HTTP side of one client: REST version negotiation, the shared session, the per-array concurrency
 * bound, and the retry rules of {@link RetryPolicy}. Every outcome is delivered on the caller's context.
 */
final class Transport {

    /** Fresh logins one call may make when its session is refused; then the refusal is final. */
    static final int MAX_RELOGINS = 3;

    private static final Logger LOG = Logger.getLogger(FlashArrayClient.class);
    static final String REQUEST_ID = "X-Request-ID";
    static final String AUTH_TOKEN = "x-auth-token";
    static final String API_TOKEN = "api-token";

    final Vertx vertx;
    final Endpoint endpoint;
    final RetryPolicy policy;
    final ObjectMapper mapper;
    private final HttpExchange http;
    private final ApiToken apiToken;
    private final Duration requestTimeout;
    private final RestVersion minVersion;
    private final RestVersion maxVersion;
    private final DoubleSupplier random;
    private final Clock clock;

    /** Reads the array's answers (the Api classes decode with it). */
    final ResponseReader read;
    private final SessionCache sessions = new SessionCache();
    private final TransportCounters counters = new TransportCounters();
    private volatile RestVersion negotiated;
    private volatile boolean closed;

    Transport(Vertx vertx, WebClient client, Endpoint endpoint, ApiToken apiToken, Duration requestTimeout,
              RetryPolicy policy, RestVersion minVersion, RestVersion maxVersion, int maxConcurrent,
              DoubleSupplier random, Clock clock, ObjectMapper mapper, Tracer tracer) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.apiToken = apiToken;
        this.requestTimeout = requestTimeout;
        this.policy = policy;
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
        this.http = new HttpExchange(client, endpoint, apiToken, requestTimeout, new ConcurrencyLimiter(maxConcurrent),
                mapper, new CallTracing(tracer, endpoint));
        this.random = random;
        this.clock = clock;
        this.mapper = mapper;
        this.read = new ResponseReader(mapper, endpoint);
    }

    /** Per-call retry bookkeeping, and the trace the call belongs to (its requests' spans go under it). */
    private static final class Attempt {
        final String requestId;
        final io.opentelemetry.context.Context traceParent;
        int transientRetries;
        int rateLimitRetries;
        int relogins;
        SessionToken fixedToken;

        Attempt(String requestId, io.opentelemetry.context.Context traceParent) {
            this.traceParent = traceParent;
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
            // The caller's trace, taken here on its thread: the requests (and a login or version negotiation they
            // need) go under it whichever event loop they run on.
            Attempt st = new Attempt(newRequestId(), io.opentelemetry.context.Context.current());
            return Contexts.on(ctx, () -> run(call, ctx, st).map(decoder));
        });
    }

    // ------------------------------------------------------------------------------- retry engine

    private Uni<Response> run(Call call, Context ctx, Attempt st) {
        return Uni.createFrom().deferred(() -> {
            Uni<RestVersion> v = call.versioned ? version(ctx, st.traceParent) : Uni.createFrom().item((RestVersion) null);
            return v.chain(ver -> {
                Uni<SessionToken> s;
                if (call.auth != Call.Auth.SESSION) {
                    s = Uni.createFrom().item((SessionToken) null);
                } else if (st.fixedToken != null) {
                    s = Uni.createFrom().item(st.fixedToken);
                } else {
                    s = session(ctx, st.traceParent);
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
        ResponseReader.ErrorBody eb = read.errorBody(resp, this::scrub);
        Details d = new Details(endpoint.authority(), operation, status, eb.message(), eb.context(), st.requestId,
                null);
        // A refused session refused the request before it did anything, so logging in again and repeating it is
        // safe; a few times, as sessions may end again while a slow call waits (an array ending sessions often).
        if (status == 401 && call.auth == Call.Auth.SESSION && st.fixedToken == null && st.relogins < MAX_RELOGINS) {
            st.relogins++;
            counters.relogins.incrementAndGet();
            LOG.infof("session refused (%s), logging in again [array=%s, operation=%s, request-id=%s]",
                    eb.message(), endpoint.authority(), operation, st.requestId);
            sessions.invalidate(tok);
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
                counters.rateLimitWaits.incrementAndGet();
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
        counters.retries.incrementAndGet();
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
        counters.requests.incrementAndGet();
        return http.send(call, ver, tok, ctx, st.requestId, st.traceParent);
    }

    /** Removes any known secret from text that came from the array. */
    String scrub(String s) {
        return sessions.scrub(s, apiToken);
    }

    // ------------------------------------------------------------------------- version and session

    /** The negotiated REST version, negotiating on first use (one request for all concurrent callers). */
    Uni<RestVersion> version(Context ctx, io.opentelemetry.context.Context trace) {
        CompletableFuture<RestVersion> cf = sessions.version(() -> {
            Call c = Call.get("/api/api_version").unversioned().auth(Call.Auth.NONE).build();
            return run(c, ctx, new Attempt(newRequestId(), trace)).map(this::negotiate)
                    .invoke(v -> {
                        negotiated = v;
                        LOG.debugf("negotiated REST %s [array=%s]", v, endpoint.authority());
                    })
                    .subscribeAsCompletionStage();
        });
        return Contexts.fromFuture(cf, ctx);
    }

    /** The negotiated version, on the caller's context. */
    Uni<RestVersion> restVersion() {
        return Uni.createFrom().deferred(() -> {
            Context ctx = Contexts.current(vertx);
            io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
            return Contexts.on(ctx, () -> version(ctx, trace));
        });
    }

    Optional<RestVersion> negotiated() {
        return Optional.ofNullable(negotiated);
    }

    private RestVersion negotiate(Response r) {
        List<String> offered = read.offeredVersions(r);
        if (offered == null) {
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
    Uni<SessionToken> session(Context ctx, io.opentelemetry.context.Context trace) {
        return Contexts.fromFuture(sessions.session(() -> login(ctx, trace).subscribeAsCompletionStage()), ctx);
    }

    private Uni<SessionToken> login(Context ctx, io.opentelemetry.context.Context trace) {
        Call c = Call.post("login").auth(Call.Auth.API_TOKEN).safety(Call.Safety.READ).build();
        Attempt st = new Attempt(newRequestId(), trace);
        return run(c, ctx, st).map(r -> {
            String t = r.headers().get(AUTH_TOKEN);
            if (t == null || t.isBlank()) {
                throw new FlashArrayAuthenticationException(new Details(endpoint.authority(), r.operation(),
                        r.status(), null, null, r.requestId(), "login answered without an x-auth-token header"));
            }
            sessions.remember(t);
            counters.logins.incrementAndGet();
            LOG.debugf("logged in [array=%s, request-id=%s]", endpoint.authority(), r.requestId());
            return new SessionToken(t);
        });
    }

    /** Logs in now (normally this happens on the first call). */
    Uni<Void> login() {
        return Uni.createFrom().deferred(() -> {
            Context ctx = Contexts.current(vertx);
            io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
            return Contexts.on(ctx, () -> session(ctx, trace).replaceWithVoid());
        });
    }

    /** Ends the session, if any; the next call logs in again. A session the array already dropped is fine. */
    Uni<Void> logout() {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<SessionToken> cf = sessions.takeSession();
            if (cf == null) {
                return Uni.createFrom().voidItem();
            }
            Context ctx = Contexts.current(vertx);
            io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
            return Contexts.on(ctx, () -> Contexts.fromFuture(cf, ctx)
                    .onFailure().recoverWithNull()
                    .chain(tok -> {
                        if (tok == null) {
                            return Uni.createFrom().voidItem();
                        }
                        Attempt st = new Attempt(newRequestId(), trace);
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
            http.close();
        });
    }

    /** Session tokens issued to this client so far (the last few), for leak tests in this package only. */
    List<String> sessionTokensForTests() {
        return sessions.tokens();
    }

    ClientStats stats() {
        return counters.stats(http.limiter());
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }
}
