package dev.mooring.kit.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class KeyedLanesTest {

    private final List<String> started = new ArrayList<>();

    private Supplier<Uni<Void>> work(String name, CompletableFuture<Void> done) {
        return () -> {
            started.add(name);
            return Uni.createFrom().completionStage(done);
        };
    }

    @Test
    void oneKeysWorkRunsInOrderOneAtATimeWhileOtherKeysRunAlongside() {
        KeyedLanes lanes = new KeyedLanes(10);
        CompletableFuture<Void> a1 = new CompletableFuture<>();
        CompletableFuture<Void> a2 = new CompletableFuture<>();
        CompletableFuture<Void> b1 = new CompletableFuture<>();

        lanes.admit("a", work("a1", a1)).await().indefinitely();
        lanes.admit("a", work("a2", a2)).await().indefinitely();
        lanes.admit("b", work("b1", b1)).await().indefinitely();
        assertThat(started).containsExactly("a1", "b1");
        assertThat(lanes.inFlight()).isEqualTo(3);

        a1.complete(null);
        assertThat(started).containsExactly("a1", "b1", "a2");
        a2.complete(null);
        b1.complete(null);
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void admissionWaitsForRoomAndKeepsTheKeysOrder() {
        KeyedLanes lanes = new KeyedLanes(2);
        CompletableFuture<Void> a1 = new CompletableFuture<>();
        CompletableFuture<Void> b1 = new CompletableFuture<>();
        CompletableFuture<Void> a2 = new CompletableFuture<>();
        lanes.admit("a", work("a1", a1)).await().indefinitely();
        lanes.admit("b", work("b1", b1)).await().indefinitely();

        CompletableFuture<Void> admitted = lanes.admit("a", work("a2", a2)).subscribeAsCompletionStage();
        assertThat(admitted).isNotDone();

        b1.complete(null); // room again: a2 is admitted, but waits behind a1 of its key
        assertThat(admitted).isDone();
        assertThat(started).containsExactly("a1", "b1");
        a1.complete(null);
        assertThat(started).containsExactly("a1", "b1", "a2");
        a2.complete(null);
        assertThat(lanes.inFlight()).isZero();
    }

    @Test
    void aFailedOrThrowingPieceOfWorkFreesItsKeyForTheNext() {
        KeyedLanes lanes = new KeyedLanes(4);
        lanes.admit("a", () -> {
            throw new IllegalStateException("boom");
        }).await().indefinitely();
        lanes.admit("a", () -> Uni.createFrom().failure(new IllegalStateException("failed"))).await().indefinitely();
        CompletableFuture<Void> next = new CompletableFuture<>();
        lanes.admit("a", work("a3", next)).await().indefinitely();
        assertThat(started).containsExactly("a3");
        next.complete(null);
        assertThat(lanes.inFlight()).isZero();
    }
}
