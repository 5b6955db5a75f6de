package dev.mooring.flasharray.client;

import static dev.mooring.flasharray.client.FakeArray.error;
import static dev.mooring.flasharray.client.FakeArray.items;
import static dev.mooring.flasharray.client.FakeArray.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.awaitility.Awaitility;

import dev.mooring.flasharray.client.error.FlashArrayAuthenticationException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayForbiddenException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException;
import dev.mooring.flasharray.client.error.FlashArrayTlsException;
import dev.mooring.flasharray.client.error.FlashArrayUnavailableException;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.flasharray.client.error.Outcome;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.query.Filter;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.flasharray.client.request.VolumeCreate;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transport behaviour against a scripted in-process HTTPS server (not the simulator). */
class TransportTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Vertx vertx;
    private FakeArray array;
    private FlashArrayClient client;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() throws Exception {
        array = new FakeArray(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close().await().atMost(WAIT);
        }
        array.close();
    }

    private static JsonObject volume(String name) {
        return new JsonObject().put("name", name).put("serial", "6C1B16CE1C034D1C00051838").put("provisioned", 1048576);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    @Test
    void negotiatesHighestCommonVersionNumerically() {
        array.on("GET arrays", r -> json(r, 200, items(new JsonObject().put("name", "fake"))));
        client = array.client().build();
        assertThat(await(client.arrays().get()).name()).isEqualTo("fake");
        assertThat(client.negotiatedVersion()).hasValue(new RestVersion(2, 26));
        assertThat(array.seen("GET", "/arrays").get(0).path()).isEqualTo("/api/2.26/arrays");
        assertThat(client.toString()).isEqualTo("FlashArrayClient[" + array.endpoint() + ", REST 2.26]");
    }

    @Test
    void preferredMaxCapsVersion() {
        array.on("GET arrays", r -> json(r, 200, items(new JsonObject().put("name", "fake"))));
        client = array.client().restVersionRange("2.2", "2.25").build();
        await(client.arrays().get());
        assertThat(array.seen("GET", "/arrays").get(0).path()).isEqualTo("/api/2.10/arrays");
    }

    @Test
    void failsClearlyWithoutCommonVersion() {
        array.versions = List.of("1.17", "1.19", "2.0", "2.1");
        client = array.client().build();
        assertThatThrownBy(() -> await(client.volumes().list()))
                .isInstanceOf(FlashArrayUnsupportedException.class)
                .hasMessageContaining("no common REST version")
                .hasMessageContaining("[1.17, 1.19, 2.0, 2.1]")
                .hasMessageContaining("2.2");
    }

    @Test
    void concurrentCallsShareOneLogin() {
        array.on("GET volumes", r -> vertx.setTimer(5, t -> json(r, 200, items(volume("v1")))));
        client = array.client().build();
        List<Uni<Volume>> calls = IntStream.range(0, 20).mapToObj(i -> client.volumes().get("v1")).toList();
        List<Volume> out = await(Uni.join().all(calls).andFailFast());
        assertThat(out).hasSize(20);
        assertThat(array.logins.get()).isEqualTo(1);
        assertThat(client.stats().logins()).isEqualTo(1);
        assertThat(array.seen("GET", "/api/api_version")).hasSize(1);
    }

    @Test
    void expiredSessionReLogsInOnceForEveryone() {
        array.on("GET volumes", r -> vertx.setTimer(5, t -> json(r, 200, items(volume("v1")))));
        client = array.client().build();
        await(client.volumes().get("v1"));
        array.sessionToken = "session-rotated";
        List<Uni<Volume>> calls = IntStream.range(0, 10).mapToObj(i -> client.volumes().get("v1")).toList();
        assertThat(await(Uni.join().all(calls).andFailFast())).hasSize(10);
        assertThat(array.logins.get()).isEqualTo(2);
        assertThat(client.stats().relogins()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSessionEndingAgainWhileTheCallRetriesIsLoggedInAgainEachTime() {
        // The array ends the session twice more, each time right after the client logged in again.
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        array.on("GET volumes", r -> json(r, 200, items(volume("v1"))));
        client = array.client().build();
        await(client.volumes().get("v1"));
        array.routes.put("GET volumes", r -> {
            if (served.incrementAndGet() <= 2) {
                array.sessionToken = "session-ended-" + served.get();
                json(r, 401, error("Invalid session.", null));
            } else {
                json(r, 200, items(volume("v1")));
            }
        });
        array.sessionToken = "session-ended-0";

        assertThat(await(client.volumes().get("v1")).name()).isEqualTo("v1");
        assertThat(array.logins.get()).isEqualTo(1 + 3);
    }

    @Test
    void aSessionRefusedAfterEveryFreshLoginIsAnAuthenticationFailure() {
        // The array accepts the login but refuses every session.
        array.on("GET volumes", r -> json(r, 401, error("Invalid session.", null)));
        client = array.client().build();
        array.routes.put("GET volumes", r -> json(r, 401, error("Invalid session.", null)));
        array.sessionToken = "x";
        FlashArrayAuthenticationException e = (FlashArrayAuthenticationException) catchFa(client.volumes().list());
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.outcome()).isEqualTo(Outcome.FINAL);
        assertThat(array.logins.get()).isEqualTo(1 + Transport.MAX_RELOGINS);
    }

    @Test
    void badTokenIsRefusedAtLogin() {
        client = FlashArrayClient.builder().vertx(vertx).endpoint(array.endpoint()).apiToken(ApiToken.of("wrong-token-value"))
                .trust(array.trust()).build();
        FlashArrayException e = catchFa(client.login());
        assertThat(e).isInstanceOf(FlashArrayAuthenticationException.class).hasMessageContaining("refused the API token");
        assertThat(e.getMessage()).doesNotContain("wrong-token-value");
    }

    @Test
    void getIsRetriedOn5xx() {
        AtomicInteger n = new AtomicInteger();
        array.on("GET volumes", r -> {
            if (n.incrementAndGet() <= 2) {
                json(r, n.get() == 1 ? 503 : 500, error(n.get() == 1 ? "Service unavailable." : "Server is busy", null));
            } else {
                json(r, 200, items(volume("v1")));
            }
        });
        client = array.client().build();
        assertThat(await(client.volumes().get("v1")).name()).isEqualTo("v1");
        List<FakeArray.Seen> gets = array.seen("GET", "/volumes");
        assertThat(gets).hasSize(3);
        // one logical call, one request id
        assertThat(gets).extracting(s -> s.header("X-Request-ID")).containsOnly(gets.get(0).header("X-Request-ID"));
        assertThat(client.stats().retries()).isEqualTo(2);
    }

    @Test
    void createIsNotRetriedAfter5xxAndMayHaveHappened() {
        array.on("POST volumes", r -> json(r, 500, error("Server is busy", null)));
        client = array.client().build();
        FlashArrayException e = catchFa(client.volumes().create(VolumeCreate.of("v1", 1048576)));
        assertThat(e).isInstanceOf(FlashArrayUnavailableException.class);
        assertThat(e.outcome()).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
        assertThat(e.operation()).isEqualTo("POST /api/2.26/volumes");
        assertThat(array.seen("POST", "/volumes")).hasSize(1);
    }

    @Test
    void createIsRetriedWhenPolicySaysAlways() {
        AtomicInteger n = new AtomicInteger();
        array.on("POST volumes", r -> {
            if (n.incrementAndGet() == 1) {
                json(r, 500, error("Server is busy", null));
            } else {
                json(r, 200, items(volume("v1")));
            }
        });
        client = array.client().retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5)).mutationRetry(RetryPolicy.MutationRetry.ALWAYS).build()).build();
        assertThat(await(client.volumes().create(VolumeCreate.of("v1", 1048576))).name()).isEqualTo("v1");
        assertThat(array.seen("POST", "/volumes")).hasSize(2);
    }

    @Test
    void absoluteWritesAreRetried() {
        AtomicInteger n = new AtomicInteger();
        array.on("PATCH volumes", r -> {
            if (n.incrementAndGet() == 1) {
                json(r, 503, error("Service unavailable.", null));
            } else {
                json(r, 200, items(volume("v1").put("provisioned", 2097152)));
            }
        });
        client = array.client().build();
        assertThat(await(client.volumes().resize("v1", 2097152)).provisioned()).isEqualTo(2097152L);
        assertThat(array.seen("PATCH", "/volumes")).hasSize(2);
        assertThat(array.seen("PATCH", "/volumes").get(0).body()).isEqualTo("{\"provisioned\":2097152}");
    }

    @Test
    void retriesAreBounded() {
        array.on("GET volumes", r -> json(r, 500, error("Server is busy", null)));
        client = array.client().retryPolicy(RetryPolicy.builder().maxRetries(3).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(2)).build()).build();
        FlashArrayException e = catchFa(client.volumes().list());
        assertThat(e).isInstanceOf(FlashArrayUnavailableException.class).hasMessageContaining("Server is busy");
        assertThat(array.seen("GET", "/volumes")).hasSize(4);
    }

    @Test
    void rateLimitedCallsWaitAndSucceed() {
        AtomicInteger n = new AtomicInteger();
        array.on("POST volumes", r -> {
            if (n.incrementAndGet() == 1) {
                r.response().putHeader("Retry-After", "0.2").putHeader("X-RateLimit-Remaining-second", "0");
                json(r, 429, error("Too many requests.", null));
            } else {
                json(r, 200, items(volume("v1")));
            }
        });
        client = array.client().build();
        long start = System.nanoTime();
        assertThat(await(client.volumes().create(VolumeCreate.of("v1", 1048576))).name()).isEqualTo("v1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(client.stats().rateLimitWaits()).isEqualTo(1);
    }

    @Test
    void rateLimitGivesUpWithHeaders() {
        array.on("GET volumes", r -> {
            r.response().putHeader("Retry-After", "0.01").putHeader("X-RateLimit-Limit-second", "10")
                    .putHeader("X-RateLimit-Remaining-second", "0").putHeader("X-RateLimit-Limit-minute", "600")
                    .putHeader("X-RateLimit-Remaining-minute", "17");
            json(r, 429, error("Too many requests.", null));
        });
        client = array.client().retryPolicy(RetryPolicy.builder().maxRateLimitRetries(2).build()).build();
        FlashArrayRateLimitedException e = (FlashArrayRateLimitedException) catchFa(client.volumes().list());
        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED_RETRYABLE);
        assertThat(e.retryAfter()).hasValue(Duration.ofMillis(10));
        assertThat(e.rateLimit().limitPerSecond()).isEqualTo(10);
        assertThat(e.rateLimit().remainingMinute()).isEqualTo(17);
        assertThat(array.seen("GET", "/volumes")).hasSize(3);
    }

    @Test
    void timeoutOnMutationMayHaveHappened() {
        array.on("POST volumes", r -> vertx.setTimer(2000, t -> json(r, 200, items(volume("v1")))));
        client = array.client().requestTimeout(Duration.ofMillis(200)).build();
        FlashArrayException e = catchFa(client.volumes().create(VolumeCreate.of("v1", 1048576)));
        assertThat(e).isInstanceOf(FlashArrayUnavailableException.class).hasMessageContaining("timed out");
        assertThat(e.outcome()).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
        assertThat(e.status()).isZero();
        assertThat(array.seen("POST", "/volumes")).hasSize(1);
    }

    @Test
    void refusedConnectionWasNotApplied() throws Exception {
        String endpoint = array.endpoint();
        String pem = array.pem();
        array.close();
        client = FlashArrayClient.builder().vertx(vertx).endpoint(endpoint).apiToken(ApiToken.of(FakeArray.TOKEN))
                .trust(TlsTrust.pem(pem)).retryPolicy(RetryPolicy.builder().maxRetries(2).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(2)).build()).build();
        FlashArrayException e = catchFa(client.volumes().create(VolumeCreate.of("v1", 1048576)));
        assertThat(e).isInstanceOf(FlashArrayUnavailableException.class).hasMessageContaining("cannot connect");
        assertThat(e.outcome()).isEqualTo(Outcome.NOT_APPLIED_RETRYABLE);
        assertThat(client.stats().retries()).isEqualTo(2);
        array = new FakeArray(vertx); // for @AfterEach
    }

    @Test
    void untrustedCertificateIsATlsFailure() throws Exception {
        try (FakeArray other = new FakeArray(vertx)) {
            client = FlashArrayClient.builder().vertx(vertx).endpoint(array.endpoint()).apiToken(ApiToken.of(FakeArray.TOKEN))
                    .trust(TlsTrust.pem(other.pem())).build();
            FlashArrayException e = catchFa(client.volumes().list());
            assertThat(e).isInstanceOf(FlashArrayTlsException.class);
            assertThat(e.outcome()).isEqualTo(Outcome.FINAL);
        }
    }

    @Test
    void insecureTrustAllAndHostnameVerification() throws Exception {
        array.on("GET arrays", r -> json(r, 200, items(new JsonObject().put("name", "fake"))));
        client = FlashArrayClient.builder().vertx(vertx).endpoint(array.endpoint()).apiToken(ApiToken.of(FakeArray.TOKEN))
                .trust(TlsTrust.insecureTrustAll()).build();
        assertThat(await(client.arrays().get()).name()).isEqualTo("fake");
        client.close().await().atMost(WAIT);
        // The certificate names "localhost": connecting by IP fails verification unless it is switched off.
        String byIp = array.endpoint().replace("localhost", "127.0.0.1");
        client = FlashArrayClient.builder().vertx(vertx).endpoint(byIp).apiToken(ApiToken.of(FakeArray.TOKEN))
                .trust(TlsTrust.pem(array.pem())).build();
        assertThat(catchFa(client.arrays().get())).isInstanceOf(FlashArrayTlsException.class);
        client.close().await().atMost(WAIT);
        client = FlashArrayClient.builder().vertx(vertx).endpoint(byIp).apiToken(ApiToken.of(FakeArray.TOKEN))
                .trust(TlsTrust.pem(array.pem()).withoutHostnameVerification()).build();
        assertThat(await(client.arrays().get()).name()).isEqualTo("fake");
    }

    @Test
    void unreadablePemFileFailsAtBuild() {
        assertThatThrownBy(() -> FlashArrayClient.builder().vertx(vertx).endpoint(array.endpoint())
                .apiToken(ApiToken.of(FakeArray.TOKEN)).trust(TlsTrust.pemFile(java.nio.file.Path.of("/nonexistent.pem"))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent.pem");
    }

    @Test
    void gatewayForbiddenBodyWithoutErrors() {
        array.on("GET volumes", r -> json(r, 403, new JsonObject().put("message", "Forbidden by gateway")));
        client = array.client().build();
        FlashArrayException e = catchFa(client.volumes().list());
        assertThat(e).isInstanceOf(FlashArrayForbiddenException.class);
        assertThat(e.arrayMessage()).hasValue("Forbidden by gateway");
    }

    @Test
    void pagesThroughContinuationTokensInBodyOrHeader() {
        array.on("GET volumes", r -> {
            String token = r.getParam("continuation_token");
            if (token == null) {
                json(r, 200, items(volume("v1"), volume("v2")).put("continuation_token", "p2"));
            } else if (token.equals("p2")) {
                r.response().putHeader("x-next-token", "p3");
                json(r, 200, items(volume("v3"), volume("v4")));
            } else {
                json(r, 200, items(volume("v5")));
            }
        });
        client = array.client().build();
        List<Volume> all = await(client.volumes().listAll(Query.all().limit(2).withFilter(Filter.eq("name", "v*"))));
        assertThat(all).extracting(Volume::name).containsExactly("v1", "v2", "v3", "v4", "v5");
        List<FakeArray.Seen> gets = array.seen("GET", "/volumes");
        assertThat(gets).extracting(FakeArray.Seen::query).containsExactly(
                "filter=name%3D%27v*%27&limit=2",
                "filter=name%3D%27v*%27&limit=2&continuation_token=p2",
                "filter=name%3D%27v*%27&limit=2&continuation_token=p3");
    }

    @Test
    void sameTokenTwiceStopsPaging() {
        array.on("GET volumes", r -> json(r, 200, items(volume("v1")).put("continuation_token", "same")));
        client = array.client().build();
        assertThatThrownBy(() -> await(client.volumes().listAll())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same continuation token");
    }

    @Test
    void concurrencyIsBoundedByAQueue() {
        array.on("GET volumes", r -> vertx.setTimer(30, t -> json(r, 200, items(volume("v1")))));
        client = array.client().maxConcurrentRequests(3).build();
        await(client.login());
        List<Uni<Volume>> calls = IntStream.range(0, 15).mapToObj(i -> client.volumes().get("v1")).toList();
        assertThat(await(Uni.join().all(calls).andFailFast())).hasSize(15);
        assertThat(array.maxInFlight.get()).isEqualTo(3);
        assertThat(client.stats().maxInFlightObserved()).isEqualTo(3);
        assertThat(client.stats().queuedTotal()).isGreaterThan(0);
        assertThat(client.stats().inFlight()).isZero();
        assertThat(client.stats().queued()).isZero();
    }

    @Test
    void resultsArriveOnTheCallersContext() throws Exception {
        array.on("GET volumes", r -> json(r, 200, items(volume("v1"))));
        client = array.client().build();
        for (int i = 0; i < 3; i++) {
            Context ctx = vertx.getOrCreateContext();
            CompletableFuture<Boolean> sameContext = new CompletableFuture<>();
            CompletableFuture<Boolean> failureContext = new CompletableFuture<>();
            ctx.runOnContext(v -> {
                client.volumes().get("v1").subscribe().with(
                        item -> sameContext.complete(Vertx.currentContext() == ctx),
                        sameContext::completeExceptionally);
                client.volumes().get("missing-route-404").onFailure().recoverWithNull()
                        .subscribe().with(x -> failureContext.complete(Vertx.currentContext() == ctx));
            });
            assertThat(sameContext.get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(failureContext.get(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void getOfMissingNameIsNotFound() {
        array.on("GET volumes", r -> json(r, 400, error("Volume does not exist.", r.getParam("names"))));
        client = array.client().build();
        FlashArrayException e = catchFa(client.volumes().get("nope"));
        assertThat(e).isInstanceOf(FlashArrayNotFoundException.class);
        assertThat(e.arrayContext()).hasValue("nope");
        assertThat(await(client.volumes().find("nope"))).isEmpty();
    }

    @Test
    void arraySecretsEchoedInMessagesAreScrubbed() {
        array.on("GET volumes", r -> json(r, 400, error("bad token " + FakeArray.TOKEN + " and " + array.sessionToken, "x")));
        client = array.client().build();
        FlashArrayException e = catchFa(client.volumes().list());
        assertThat(e.getMessage()).doesNotContain(FakeArray.TOKEN).doesNotContain(array.sessionToken).contains("****");
    }

    @Test
    void logoutEndsTheSessionAndCloseStopsTheClient() {
        array.on("GET volumes", r -> json(r, 200, items(volume("v1"))));
        client = array.client().build();
        await(client.volumes().list());
        await(client.logout());
        assertThat(array.seen("POST", "/logout")).hasSize(1);
        assertThat(array.seen("POST", "/logout").get(0).header("x-auth-token")).isEqualTo(array.sessionToken);
        await(client.volumes().list());
        assertThat(array.logins.get()).isEqualTo(2);
        await(client.close());
        assertThat(array.seen("POST", "/logout")).hasSize(2);
        assertThatThrownBy(() -> await(client.volumes().list())).isInstanceOf(IllegalStateException.class);
        client = null;
    }

    @Test
    void cancellationFreesQueueSlotsButTheWireKeepsItsPermit() {
        java.util.Queue<io.vertx.core.http.HttpServerRequest> held = new java.util.concurrent.ConcurrentLinkedQueue<>();
        array.on("GET volumes", held::add);
        client = array.client().maxConcurrentRequests(1).build();
        await(client.login());
        List<io.smallrye.mutiny.subscription.Cancellable> subs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            subs.add(client.volumes().get("v1").subscribe().with(x -> { }, x -> { }));
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(client.stats())
                .extracting(ClientStats::inFlight, ClientStats::queued).containsExactly(1, 4));
        subs.forEach(io.smallrye.mutiny.subscription.Cancellable::cancel);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(client.stats())
                .extracting(ClientStats::inFlight, ClientStats::queued).containsExactly(1, 0));
        array.on("GET volumes", r -> json(r, 200, items(volume("v1"))));
        held.forEach(r -> json(r, 200, items(volume("v1"))));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(client.stats())
                .extracting(ClientStats::inFlight, ClientStats::queued).containsExactly(0, 0));
        assertThat(await(client.volumes().get("v1")).name()).isEqualTo("v1");
        assertThat(array.seen("GET", "/volumes")).hasSize(2);
    }

    static FlashArrayException catchFa(Uni<?> uni) {
        try {
            uni.await().atMost(WAIT);
        } catch (FlashArrayException e) {
            return e;
        }
        throw new AssertionError("expected a FlashArrayException");
    }
}
