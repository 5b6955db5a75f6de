package dev.mooring.flasharray.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.ClientStats;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.RetryPolicy;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayRateLimitedException;
import dev.mooring.flasharray.client.error.FlashArrayUnavailableException;
import dev.mooring.flasharray.client.error.Outcome;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.query.Filter;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.config.ManualClock;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sessions, rate limits, 5xx, timeouts, a dead array and the concurrency bound, against the simulator. */
class ResilienceIT extends SimulatorSupport {

    private static final long MIB = 1L << 20;
    private static ManualClock clock;

    @BeforeAll
    static void start() {
        clock = ManualClock.startingNow();
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod().withSessionTtl(Duration.ofMinutes(30)).withClock(clock));
    }

    private static FaultSpec latency(String array, String method, String endpoint, long ms) {
        return new FaultSpec(null, array, method, endpoint, null, null, null, ms, FaultSpec.BEFORE, null, null);
    }

    @Test
    void idleSessionExpiryIsTransparent() {
        FlashArrayClient fa = client(A);
        await(fa.volumes().listAll());
        clock.advance(Duration.ofMinutes(31));
        assertThat(await(fa.volumes().listAll())).isNotNull();
        ClientStats s = fa.stats();
        assertThat(s.logins()).isEqualTo(2);
        assertThat(s.relogins()).isEqualTo(1);
    }

    @Test
    void sessionsEndedByTheArrayAreReplacedOnceForAllCallers() {
        FlashArrayClient fa = client(A);
        await(fa.volumes().listAll());
        assertThat(sim.admin().expireSessions(A)).isPositive();
        List<Uni<List<Volume>>> calls = IntStream.range(0, 8).mapToObj(i -> fa.volumes().listAll()).toList();
        assertThat(await(Uni.join().all(calls).andFailFast())).hasSize(8);
        assertThat(fa.stats().logins()).isEqualTo(2);
    }

    @Test
    void rateLimitWithHeadersWaitsAndSucceeds() {
        FlashArrayClient fa = client(A);
        await(fa.login());
        String name = unique("rl");
        sim.admin().addFault(FaultSpec.error("POST", "volumes", 429, 1).onArray(A));
        long start = System.nanoTime();
        Volume v = await(fa.volumes().create(VolumeCreate.of(name, MIB)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(v.name()).isEqualTo(name);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950)); // Retry-After: 1
        assertThat(fa.stats().rateLimitWaits()).isEqualTo(1);
    }

    @Test
    void rateLimitThatDoesNotLiftIsReportedWithItsHeaders() {
        FlashArrayClient fa = client(A, b -> b.retryPolicy(RetryPolicy.builder().maxRateLimitRetries(1)
                .maxRateLimitWait(Duration.ofMillis(20)).build()));
        sim.admin().addFault(FaultSpec.error("GET", "hosts", 429, null).onArray(A));
        FlashArrayException e = failure(fa.hosts().listAll());
        assertThat(e).isInstanceOf(FlashArrayRateLimitedException.class);
        FlashArrayRateLimitedException rl = (FlashArrayRateLimitedException) e;
        assertThat(rl.outcome()).isEqualTo(Outcome.NOT_APPLIED_RETRYABLE);
        assertThat(rl.retryAfter()).hasValue(Duration.ofSeconds(1));
        assertThat(rl.rateLimit().limitPerSecond()).isEqualTo(10);
        assertThat(rl.rateLimit().limitPerMinute()).isEqualTo(600);
        assertThat(rl.rateLimit().remainingSecond()).isZero();
        assertThat(rl.rateLimit().remainingMinute()).isZero();
    }

    @Test
    void serverErrorsOnReadsAreRetried() {
        FlashArrayClient fa = client(A);
        await(fa.login());
        sim.admin().addFault(FaultSpec.error("GET", "volumes", 503, 2).onArray(A));
        sim.admin().addFault(FaultSpec.error("GET", "hosts", 500, 1).onArray(A));
        assertThat(await(fa.volumes().listAll())).isNotNull();
        assertThat(await(fa.hosts().listAll())).isNotNull();
        assertThat(fa.stats().retries()).isEqualTo(3);
    }

    @Test
    void serverErrorAfterACreateMayHaveHappenedAndTheVolumeIsThere() {
        FlashArrayClient fa = client(A);
        String name = unique("maybe");
        sim.admin().addFault(FaultSpec.error("POST", "volumes", 500, 1).onArray(A).after());
        FlashArrayException e = failure(fa.volumes().create(VolumeCreate.of(name, MIB)));
        assertThat(e).isInstanceOf(FlashArrayUnavailableException.class);
        assertThat(e.outcome()).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
        assertThat(e.mayHaveHappened()).isTrue();
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.arrayMessage()).hasValue("Server is busy");
        assertThat(fa.stats().retries()).isZero();
        // what a caller does: look it up by its deterministic name
        assertThat(await(fa.volumes().find(name))).hasValueSatisfying(v -> assertThat(v.provisioned()).isEqualTo(MIB));
    }

    @Test
    void serverErrorBeforeAResizeIsRetriedBecauseResizeIsSafe() {
        FlashArrayClient fa = client(A);
        String name = unique("grow");
        await(fa.volumes().create(VolumeCreate.of(name, MIB)));
        sim.admin().addFault(FaultSpec.error("PATCH", "volumes", 503, 1).onArray(A).after());
        assertThat(await(fa.volumes().resize(name, 4 * MIB)).provisioned()).isEqualTo(4 * MIB);
        assertThat(fa.stats().retries()).isEqualTo(1);
    }

    @Test
    void timeoutOnACreateMayHaveHappened() {
        FlashArrayClient fa = client(A, b -> b.requestTimeout(Duration.ofMillis(300)));
        await(fa.login());
        String name = unique("slow");
        sim.admin().addFault(latency(A, "POST", "volumes", 1500));
        FlashArrayException e = failure(fa.volumes().create(VolumeCreate.of(name, MIB)));
        assertThat(e).isInstanceOf(FlashArrayUnavailableException.class).hasMessageContaining("timed out");
        assertThat(e.outcome()).isEqualTo(Outcome.MAY_HAVE_HAPPENED);
        sim.admin().clearFaults();
        // The caller's rule: look it up by its deterministic name, create only when absent. (The simulator
        // drops a request whose client went away, so here it is absent; a real array may have made it.)
        Volume v = await(fa.volumes().find(name).chain(found -> found.isPresent()
                ? Uni.createFrom().item(found.get())
                : fa.volumes().create(VolumeCreate.of(name, MIB))));
        assertThat(v.name()).isEqualTo(name);
    }

    @Test
    void deadArrayRefusesConnectionsAndComesBack() {
        FlashArrayClient fa = client(B, b -> b.retryPolicy(RetryPolicy.builder().maxRetries(2)
                .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(10)).build()));
        await(fa.volumes().listAll());
        sim.admin().arrayDown(B);
        try {
            FlashArrayException e = failure(fa.volumes().create(VolumeCreate.of(unique("down"), MIB)));
            assertThat(e).isInstanceOf(FlashArrayUnavailableException.class);
            assertThat(e.outcome()).isIn(Outcome.NOT_APPLIED_RETRYABLE, Outcome.MAY_HAVE_HAPPENED);
            assertThat(e.status()).isZero();
        } finally {
            sim.admin().arrayUp(B);
        }
        // sessions ended with the array: the client logs in again by itself
        assertThat(await(fa.volumes().listAll())).isNotNull();
        assertThat(fa.stats().logins()).isEqualTo(2);
    }

    @Test
    void concurrencyIsBoundedPerArray() {
        FlashArrayClient fa = client(A, b -> b.maxConcurrentRequests(3));
        await(fa.login());
        sim.admin().addFault(latency(A, "GET", "volumes", 150));
        long start = System.nanoTime();
        List<Uni<List<Volume>>> calls = IntStream.range(0, 12)
                .mapToObj(i -> fa.volumes().listAll(Query.filter(Filter.eq("name", "none-" + i)))).toList();
        assertThat(await(Uni.join().all(calls).andFailFast())).hasSize(12);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        ClientStats s = fa.stats();
        assertThat(s.maxInFlightObserved()).isEqualTo(3);
        assertThat(s.queuedTotal()).isGreaterThanOrEqualTo(9);
        // 12 requests of >=150 ms, 3 at a time: at least 4 rounds
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(4 * 150));
        assertThat(s.inFlight()).isZero();
        assertThat(s.queued()).isZero();
    }

    @Test
    void resultsComeBackOnTheCallersVertxContext() throws Exception {
        FlashArrayClient fa = client(A);
        String name = unique("ctx");
        sim.admin().addFault(FaultSpec.error("GET", "volumes", 503, 1).onArray(A)); // a retry, on a timer
        Context ctx = vertx.getDelegate().getOrCreateContext();
        CompletableFuture<Boolean> onCtx = new CompletableFuture<>();
        ctx.runOnContext(x -> fa.volumes().create(VolumeCreate.of(name, MIB))
                .chain(v -> fa.volumes().get(name))
                .subscribe().with(v -> onCtx.complete(io.vertx.core.Vertx.currentContext() == ctx), onCtx::completeExceptionally));
        assertThat(onCtx.get(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> failureOnCtx = new CompletableFuture<>();
        ctx.runOnContext(x -> fa.volumes().create(VolumeCreate.of(name, MIB))
                .subscribe().with(v -> failureOnCtx.complete(false),
                        err -> failureOnCtx.complete(io.vertx.core.Vertx.currentContext() == ctx)));
        assertThat(failureOnCtx.get(30, TimeUnit.SECONDS)).isTrue();
    }
}
