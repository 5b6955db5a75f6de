package dev.mooring.kit.lease;

import static dev.mooring.kit.KitTestSupport.awaitOnVertx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances contend for one leader lease on the real database: one wins, the other takes over when the lease lapses
 * or at once when it is released, and a decision fenced by the lease is taken by its holder only — never by an
 * instance whose lease lapsed, and never overtaken by the next holder while it commits.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class LeaderLeaseIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final LeaderLease.Settings SHORT = new LeaderLease.Settings(Duration.ofSeconds(1), Duration.ofMillis(300));

    @Inject
    LeaderLeases leases;

    private final List<LeaderLease> made = new ArrayList<>();
    private final String name = "test-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stepDownAll() {
        made.forEach(l -> l.stepDown().await().atMost(DEADLINE));
    }

    @Test
    void twoInstancesContendAndExactlyOneLeads() {
        LeaderLease a = contender("instance-a", SHORT);
        LeaderLease b = contender("instance-b", SHORT);

        CompletableFuture<Boolean> first = a.tryAcquire().subscribeAsCompletionStage();
        CompletableFuture<Boolean> second = b.tryAcquire().subscribeAsCompletionStage();

        assertThat(List.of(first.join(), second.join())).containsExactlyInAnyOrder(true, false);
        assertThat(holder()).isEqualTo(first.join() ? "instance-a" : "instance-b");

        a.compete();
        b.compete();
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(DEADLINE)
                .until(() -> a.isLeader() != b.isLeader()); // renewals keep the winner, the other keeps waiting
    }

    @Test
    void whenTheLeaderStopsRenewingTheOtherTakesOverAfterTheTtl() {
        LeaderLease a = contender("instance-a", SHORT);
        LeaderLease b = contender("instance-b", SHORT);
        a.compete();
        Awaitility.await().atMost(DEADLINE).until(a::isLeader);
        b.compete();

        a.halt(); // what a crash looks like: the row stays until it lapses

        Awaitility.await().atMost(DEADLINE).until(b::isLeader);
        assertThat(a.isLeader()).isFalse();
        assertThat(holder()).isEqualTo("instance-b");
    }

    @Test
    void aReleasedLeaseIsTakenOverAtOnceNotAfterItsTtl() {
        LeaderLease.Settings longLease = new LeaderLease.Settings(Duration.ofSeconds(60), Duration.ofSeconds(20));
        LeaderLease a = contender("instance-a", longLease);
        LeaderLease b = contender("instance-b", longLease);
        a.compete();
        Awaitility.await().atMost(DEADLINE).until(a::isLeader);
        b.compete(); // its first try fails; its next regular one is 20 s away

        a.stepDown().await().atMost(DEADLINE);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
        assertThat(holder()).isEqualTo("instance-b");
    }

    @Test
    void aTransactionFencedByTheLeaseWritesNothingOnAnInstanceThatDoesNotHoldIt() {
        LeaderLease a = contender("instance-a", SHORT);
        LeaderLease b = contender("instance-b", SHORT);
        assertThat(a.tryAcquire().await().atMost(DEADLINE)).isTrue();

        assertThat(decide(b, "by-b")).as("the non-holder decides nothing").isFalse();
        assertThat(decide(a, "by-a")).as("the holder decides").isTrue();
        assertThat(decisions()).containsExactly("by-a");

        // Once a's lease lapsed (it stopped renewing), a's own fenced transaction decides nothing either.
        Awaitility.await().atMost(DEADLINE).until(() -> holder() == null);
        assertThat(decide(a, "by-a-late")).isFalse();
        assertThat(decisions()).containsExactly("by-a");
    }

    @Test
    void theNextHolderCannotTakeOverWhileTheHoldersFencedDecisionIsStillCommitting() {
        LeaderLease a = contender("instance-a", SHORT);
        LeaderLease b = contender("instance-b", SHORT);
        assertThat(a.tryAcquire().await().atMost(DEADLINE)).isTrue();

        CompletableFuture<Void> commit = new CompletableFuture<>();
        CompletableFuture<Boolean> slowDecision = CompletableFuture.supplyAsync(() -> awaitOnVertx(() ->
                Panache.withTransaction(() -> a.heldInTransaction().chain(held -> onThisContext(commit)
                        .chain(() -> held ? insertDecision("slow-by-a") : Uni.createFrom().voidItem())
                        .replaceWith(held)))));
        Awaitility.await().atMost(DEADLINE).until(() -> holderLocked());

        // a's ttl runs out while its decision is open: b tries, and waits for that decision to commit.
        Awaitility.await().atMost(DEADLINE).until(() -> holder() == null);
        CompletableFuture<Boolean> takeover = b.tryAcquire().subscribeAsCompletionStage();
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(DEADLINE).until(() -> !takeover.isDone());

        commit.complete(null);
        assertThat(slowDecision.join()).isTrue();
        assertThat(takeover.join()).as("taken over once the decision committed").isTrue();
        assertThat(decisions()).containsExactly("slow-by-a");
    }

    /** Completes with {@code signal}, back on the caller's Vert.x context (Panache goes on there). */
    private static Uni<Void> onThisContext(CompletableFuture<Void> signal) {
        return Uni.createFrom().deferred(() -> {
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            return Uni.createFrom().completionStage(signal)
                    .emitOn(run -> context.runOnContext(ignored -> run.run()));
        });
    }

    private LeaderLease contender(String instance, LeaderLease.Settings settings) {
        LeaderLease lease = leases.contender(name, instance, settings);
        made.add(lease);
        return lease;
    }

    /** A decision that is taken only while {@code lease} holds (the fence); true when it was taken. */
    private boolean decide(LeaderLease lease, String marker) {
        return awaitOnVertx(() -> Panache.withTransaction(() -> lease.heldInTransaction().chain(held -> held
                ? insertDecision(marker).replaceWith(true) : Uni.createFrom().item(false))));
    }

    private Uni<Void> insertDecision(String marker) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO fixture_job_effect (job_key, marker) VALUES (:key, :marker)")
                .setParameter("key", name).setParameter("marker", marker).executeUpdate()).replaceWithVoid();
    }

    private List<String> decisions() {
        return awaitOnVertx(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT marker FROM fixture_job_effect WHERE job_key = :key ORDER BY id", String.class)
                .setParameter("key", name).getResultList())));
    }

    /** The holder by the database's clock, or null. */
    private String holder() {
        return leases.contender(name, "reader", SHORT).holder().await().atMost(DEADLINE)
                .map(LeaderLease.Holder::instance).orElse(null);
    }

    /** Whether a transaction holds the lease row share-locked now. */
    private boolean holderLocked() {
        return awaitOnVertx(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                        WHERE c.relname = 'kit_leader_leases' AND l.mode = 'RowShareLock' AND l.granted""", Long.class)
                .getSingleResult()))) > 0;
    }
}
