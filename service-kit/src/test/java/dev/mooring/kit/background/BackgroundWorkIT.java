package dev.mooring.kit.background;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The kit's work queues and periodic jobs, as watchers and loops use them. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class BackgroundWorkIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    BackgroundWork background;

    @Test
    void aKeyAddedManyTimesWhileItWaitsIsHandledOnceAndOnceMoreWhenAddedDuringItsHandling() {
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        CompletableFuture<Void> firstStarted = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicInteger concurrentForKey = new AtomicInteger();
        AtomicInteger mostConcurrentForKey = new AtomicInteger();
        WorkQueue<String> queue = background.queue("test-merge", 4, key -> {
            int n = handled.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            mostConcurrentForKey.accumulateAndGet(concurrentForKey.incrementAndGet(), Math::max);
            Uni<Void> wait = "node-1".equals(key) && n == 1
                    ? Uni.createFrom().voidItem().invoke(() -> firstStarted.complete(null))
                            .chain(() -> Uni.createFrom().completionStage(release))
                    : Uni.createFrom().voidItem();
            return wait.eventually(concurrentForKey::decrementAndGet);
        });

        queue.add("node-1");
        Awaitility.await().atMost(DEADLINE).until(firstStarted::isDone);
        for (int i = 0; i < 10; i++) {
            queue.add("node-1"); // changes while it is being handled: one more pass covers them all
        }
        release.complete(null);

        Awaitility.await().atMost(DEADLINE).until(() -> handled.get("node-1").get() == 2 && queue.depth() == 0);
        Awaitility.await().during(Duration.ofMillis(300)).atMost(DEADLINE).until(() -> handled.get("node-1").get() == 2);
        assertThat(mostConcurrentForKey.get()).as("one key is never handled twice at once").isEqualTo(1);
        queue.stop(Duration.ofSeconds(1));
    }

    @Test
    void aFailedKeyComesBackAfterABackoffUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        WorkQueue<String> queue = background.queue("test-retry", 1, new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)),
                key -> attempts.incrementAndGet() < 3
                        ? Uni.createFrom().failure(new IllegalStateException("API server briefly away"))
                        : Uni.createFrom().voidItem());
        queue.add("pvc-1");
        Awaitility.await().atMost(DEADLINE).until(() -> attempts.get() == 3 && queue.depth() == 0);
        queue.stop(Duration.ofSeconds(1));
    }

    @Test
    void workRunsOnASafeVertxContextAndStopLetsTheHandlingUnderWayFinish() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicBoolean onContext = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        List<String> handled = new CopyOnWriteArrayList<>();
        WorkQueue<String> queue = background.queue("test-stop", 1, key -> {
            handled.add(key);
            onContext.set(Context.isOnVertxThread() && io.vertx.core.Vertx.currentContext() != null);
            started.complete(null);
            return Uni.createFrom().completionStage(release).invoke(() -> finished.set(true));
        });
        queue.add("first");
        queue.add("second");
        Awaitility.await().atMost(DEADLINE).until(started::isDone);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> queue.stop(Duration.ofSeconds(10)));
        Awaitility.await().during(Duration.ofMillis(200)).atMost(DEADLINE).until(() -> !stopping.isDone());
        release.complete(null);
        Awaitility.await().atMost(DEADLINE).until(stopping::isDone);

        assertThat(finished).isTrue();
        assertThat(onContext).isTrue();
        assertThat(handled).containsExactly("first");
        queue.add("after-stop");
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aPeriodicJobAskedToRunDuringARunRunsOnceMoreRightAfterAndStopWaitsForTheRun() {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void> firstStarted = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        PeriodicJob job = background.periodic("test-periodic", Duration.ofHours(1), () -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                firstStarted.complete(null);
                return Uni.createFrom().completionStage(release);
            }
            return Uni.createFrom().voidItem();
        });
        Awaitility.await().atMost(DEADLINE).until(firstStarted::isDone);
        for (int i = 0; i < 5; i++) {
            job.runSoon(); // requests during the run: one more run, not five
        }
        release.complete(null);
        Awaitility.await().atMost(DEADLINE).until(() -> job.runs() == 2);
        Awaitility.await().during(Duration.ofMillis(300)).atMost(DEADLINE).until(() -> runs.get() == 2);
        job.stop(Duration.ofSeconds(1));
        job.runSoon();
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void aRunOnDemandReportsWhatItDidAndIsSkippedWhileARunIsUnderWay() {
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void> firstStarted = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        PeriodicJob job = background.periodic("test-run-now", Duration.ofHours(1), () -> {
            runs.incrementAndGet();
            firstStarted.complete(null);
            return Uni.createFrom().completionStage(release);
        });
        Awaitility.await().atMost(DEADLINE).until(firstStarted::isDone);

        assertThat(job.runNow(() -> Uni.createFrom().item("not while the scheduled run is under way")).await()
                .atMost(DEADLINE)).isEmpty();
        release.complete(null);
        Awaitility.await().atMost(DEADLINE).until(() -> job.runs() == 1);

        AtomicBoolean onContext = new AtomicBoolean();
        assertThat(job.runNow(() -> {
            onContext.set(Context.isOnVertxThread() && io.vertx.core.Vertx.currentContext() != null);
            return Uni.createFrom().item("what the run did");
        }).await().atMost(DEADLINE)).contains("what the run did");
        assertThat(onContext).isTrue();
        assertThat(job.runs()).isEqualTo(2);
        assertThat(runs.get()).as("the schedule keeps its own time").isEqualTo(1);
        job.stop(Duration.ofSeconds(1));
        assertThat(job.runNow(() -> Uni.createFrom().item("after stop")).await().atMost(DEADLINE)).isEmpty();
    }

    @Test
    void aFailedPeriodicRunIsRetriedBeforeItsIntervalComesRound() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicJob job = background.periodic("test-periodic-retry", Duration.ofHours(1),
                () -> runs.incrementAndGet() == 1 ? Uni.createFrom().failure(new IllegalStateException("database away"))
                        : Uni.createFrom().voidItem());
        Awaitility.await().atMost(DEADLINE).until(() -> runs.get() >= 2);
        job.stop(Duration.ofSeconds(1));
    }
}
