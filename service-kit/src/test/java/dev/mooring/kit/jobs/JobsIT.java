package dev.mooring.kit.jobs;

import static dev.mooring.kit.KitTestSupport.awaitOnVertx;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.kit.fixture.FixtureJobs;
import dev.mooring.kit.fixture.FixtureJobs.Work;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Durable jobs on a real database: recorded with a transaction, run once, in order per key, and never lost. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class JobsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    Jobs jobs;

    @Inject
    FixtureJobs handler;

    @Test
    void aJobRunsOnceItsTransactionCommittedAndNeverWhenItRolledBack() {
        awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-commit", new Work("ok", "committed"))));
        try {
            awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-rollback",
                    new Work("ok", "rolled-back")).chain(() -> Uni.createFrom().failure(new IllegalStateException("rollback")))));
        } catch (IllegalStateException expected) {
            // the transaction that would have made the job is gone, and the job with it
        }
        Awaitility.await().atMost(DEADLINE).until(() -> effects("k-commit").equals(List.of("committed")));
        assertThat(effects("k-rollback")).isEmpty();
        assertThat(handler.runs("rolled-back")).isZero();
        Awaitility.await().atMost(DEADLINE).until(() -> handler.runs("committed") == 1);
    }

    @Test
    void oneKeysJobsRunOneAtATimeInOrderWhileOtherKeysGoOn() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        handler.hold("a1", Uni.createFrom().completionStage(release));
        awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-order", new Work("hold", "a1"))
                .chain(() -> jobs.enqueue(FixtureJobs.KIND, "k-order", new Work("ok", "a2")))
                .chain(() -> jobs.enqueue(FixtureJobs.KIND, "k-side", new Work("ok", "b1")))));

        Awaitility.await().atMost(DEADLINE).until(() -> effects("k-side").equals(List.of("b1")));
        assertThat(handler.runs("a2")).as("the key's second job waits for its first").isZero();
        release.complete(null);
        Awaitility.await().atMost(DEADLINE).until(() -> effects("k-order").equals(List.of("a1", "a2")));
    }

    @Test
    void aJobThatAsksToRunAgainRunsAgainLater() {
        awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-again", new Work("again", "again"))));
        Awaitility.await().atMost(DEADLINE).until(() -> effects("k-again").equals(List.of("again")));
        assertThat(handler.runs("again")).isEqualTo(2);
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffUntilTheJobSucceeds() {
        awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-flaky", new Work("fail-twice", "flaky"))));
        Awaitility.await().atMost(DEADLINE).until(() -> effects("k-flaky").equals(List.of("flaky")));
        assertThat(handler.runs("flaky")).isEqualTo(3);
        assertThat(deadLetterReason("k-flaky")).isNull();
    }

    @Test
    void aPoisonJobAndOneThatFailsTheSameWayAgainAreDeadLetteredAndTheQueueGoesOn() {
        awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-poison", new Work("poison", "poison"))
                .chain(() -> jobs.enqueue(FixtureJobs.KIND, "k-poison", new Work("ok", "after-poison")))
                .chain(() -> jobs.enqueue(FixtureJobs.KIND, "k-stuck", new Work("fail", "stuck")))));

        Awaitility.await().atMost(DEADLINE).until(() -> effects("k-poison").equals(List.of("after-poison")));
        assertThat(handler.runs("poison")).isEqualTo(1);
        assertThat(deadLetterReason("k-poison")).contains("job poison is poison");
        Awaitility.await().atMost(DEADLINE).until(() -> deadLetterReason("k-stuck") != null);
        assertThat(deadLetterReason("k-stuck")).contains("failed the same way 3 times")
                .contains("array briefly away");
        assertThat(handler.runs("stuck")).isEqualTo(3);
        Awaitility.await().atMost(DEADLINE).until(() -> awaitOnVertx(() -> jobs.pending(FixtureJobs.KIND)) == 0);
    }

    @Test
    void aDeadJobReplayedRunsAgain() {
        awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-replay", new Work("poison", "replayed"))));
        Awaitility.await().atMost(DEADLINE).until(() -> deadLetterReason("k-replay") != null);
        long id = deadLetters().getLong("find { it.key == 'k-replay' }.id");
        assertThat(deadLetters().getString("find { it.key == 'k-replay' }.channel")).isEqualTo("job:" + FixtureJobs.KIND);

        given().auth().oauth2("test-token").post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200);
        Awaitility.await().atMost(DEADLINE).until(() -> handler.runs("replayed") == 2);
    }

    @Test
    void aJobHeldByAnInstanceThatDiedIsTakenOverWhenItsLeaseRunsOut() {
        awaitOnVertx(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO kit_jobs (kind, job_key, payload, locked_by, locked_until, attempts)
                        VALUES (:kind, 'k-orphan', :payload, 'crashed/instance', now() + interval '1 second', 1)""")
                .setParameter("kind", FixtureJobs.KIND)
                .setParameter("payload", "{\"behaviour\":\"ok\",\"marker\":\"orphan\"}")
                .executeUpdate())));
        Awaitility.await().atMost(DEADLINE).until(() -> effects("k-orphan").equals(List.of("orphan")));
    }

    @Test
    void anInstanceThatLostItsJobCannotApplyItsEffect() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        handler.hold("lost", Uni.createFrom().completionStage(release));
        awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-lost", new Work("hold", "lost"))));
        Awaitility.await().atMost(DEADLINE).until(() -> handler.runs("lost") == 1);

        // Another instance took the job over (as after a lease that ran out during a long pause).
        awaitOnVertx(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE kit_jobs SET locked_by = 'other/instance', locked_until = now() + interval '1 hour'"
                        + " WHERE job_key = 'k-lost'").executeUpdate())));
        release.complete(null);

        Awaitility.await().during(Duration.ofSeconds(1)).atMost(DEADLINE).until(() -> effects("k-lost").isEmpty());
        awaitOnVertx(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "DELETE FROM kit_jobs WHERE job_key = 'k-lost'").executeUpdate())));
    }

    @Test
    void askingForAJobThatWaitsAlreadyMakesNoSecondOne() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        handler.hold("first-of-key", Uni.createFrom().completionStage(release));
        awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "k-merge", new Work("hold", "first-of-key"))));
        Awaitility.await().atMost(DEADLINE).until(() -> handler.runs("first-of-key") == 1);

        // While the key's first job runs, a retry pass asks three times for the same work and once for other work.
        List<Boolean> recorded = awaitOnVertx(() -> Panache.withTransaction(() -> jobs.enqueueUnlessWaiting(FixtureJobs.KIND, "k-merge",
                        new Work("ok", "merged"))
                .chain(first -> jobs.enqueueUnlessWaiting(FixtureJobs.KIND, "k-merge", new Work("ok", "merged"))
                        .chain(second -> jobs.enqueueUnlessWaiting(FixtureJobs.KIND, "k-merge", new Work("ok", "merged"))
                                .chain(third -> jobs.enqueueUnlessWaiting(FixtureJobs.KIND, "k-merge", new Work("ok", "other"))
                                        .map(other -> List.of(first, second, third, other)))))));
        release.complete(null);

        assertThat(recorded).containsExactly(true, false, false, true);
        Awaitility.await().atMost(DEADLINE).until(() -> effects("k-merge").equals(List.of("first-of-key", "merged", "other")));
        Awaitility.await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(() -> handler.runs("merged") == 1);
    }

    private static List<String> effects(String key) {
        return awaitOnVertx(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT marker FROM fixture_job_effect WHERE job_key = :key ORDER BY id", String.class)
                .setParameter("key", key).getResultList())));
    }

    private static JsonPath deadLetters() {
        return given().auth().oauth2("test-token").get("/api/v1/dead-letters?all=true").then().statusCode(200).extract()
                .jsonPath();
    }

    private static String deadLetterReason(String key) {
        return deadLetters().getString("find { it.key == '" + key + "' }.reason");
    }
}
