package dev.mooring.kit.outbox;

import static dev.mooring.kit.KitTestSupport.deleteRequested;

import dev.mooring.kit.KitTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.kit.fixture.FixtureVolume;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class OutboxIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    private TopicReader volumes;

    @BeforeEach
    void openReader() {
        volumes = new TopicReader(KafkaBroker.shared(), "mooring.volumes");
    }

    @AfterEach
    void closeReader() {
        relay.resume();
        volumes.close();
    }

    @Test
    void anEventCommittedWithItsStateChangeIsPublishedWithItsKeyAndHeaders() throws Throwable {
        VolumeDeleteRequested event = deleteRequested("vol-published");

        commit(event, false);

        ConsumerRecord<String, byte[]> record = volumes.await(r -> isEvent(r, event), 1, DEADLINE).get(0);
        assertThat(record.key()).isEqualTo("vol-published");
        assertThat(EventCodec.instance().decode(record.value())).isEqualTo(event);
        assertThat(TopicReader.header(record, KafkaEventPublisher.HEADER_EVENT_TYPE)).hasValue("VolumeDeleteRequested");
        assertThat(TopicReader.header(record, KafkaEventPublisher.HEADER_CORRELATION_ID)).hasValue("corr-vol-published");
        Awaitility.await().atMost(DEADLINE).until(() -> outboxRowsFor(event) == 0);
    }

    @Test
    void aRolledBackTransactionRecordsAndPublishesNothing() throws Throwable {
        VolumeDeleteRequested event = deleteRequested("vol-rolled-back");

        assertThatThrownBy(() -> commit(event, true)).hasMessageContaining("use case failed");

        assertThat(outboxRowsFor(event)).isZero();
        assertThat(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> FixtureVolume.<FixtureVolume>findById("vol-rolled-back")))).isNull();
    }

    @Test
    void aCrashAfterTheCommitAndBeforeThePublishLosesNoEvent() throws Throwable {
        relay.pause(); // the process "dies" right after committing: nothing gets published
        List<VolumeDeleteRequested> events = List.of(deleteRequested("vol-c1"), deleteRequested("vol-c2"),
                deleteRequested("vol-c3"));
        for (VolumeDeleteRequested event : events) {
            commit(event, false);
        }
        for (VolumeDeleteRequested event : events) {
            assertThat(outboxRowsFor(event)).as("committed and waiting in the outbox").isEqualTo(1);
        }

        relay.resume(); // the restarted relay finds them

        var published = volumes.await(r -> events.stream().anyMatch(e -> isEvent(r, e)), 3, DEADLINE);
        assertThat(published).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("vol-c1", "vol-c2", "vol-c3");
        Awaitility.await().atMost(DEADLINE).until(() -> events.stream().allMatch(e -> outboxRowsFor(e) == 0));
    }

    @Test
    void eventsAboutOneEntityArePublishedInTheOrderTheyWereCommitted() throws Throwable {
        List<VolumeDeleteRequested> events = List.of(deleteRequested("vol-ordered"), deleteRequested("vol-ordered"),
                deleteRequested("vol-ordered"), deleteRequested("vol-ordered"));
        relay.pause();
        for (VolumeDeleteRequested event : events) {
            commitEventOnly(event);
        }
        relay.resume();

        var published = volumes.await(r -> events.stream().anyMatch(e -> isEvent(r, e)), 4, DEADLINE);
        assertThat(published).extracting(r -> TopicReader.header(r, KafkaEventPublisher.HEADER_EVENT_ID).orElseThrow())
                .containsExactlyElementsOf(events.stream().map(e -> e.getEnvelope().getEventId().toString()).toList());
    }

    @Test
    void aBrokerFailureInTheMiddleOfABatchLosesNothing() throws Throwable {
        relay.pause();
        List<VolumeDeleteRequested> events = List.of(deleteRequested("vol-b1"), deleteRequested("vol-b2"),
                deleteRequested("vol-b3"), deleteRequested("vol-b4"));
        for (VolumeDeleteRequested event : events) {
            commit(event, false);
        }
        EventPublisher real = relay.replacePublisher(null);
        AtomicBoolean failedOnce = new AtomicBoolean();
        relay.replacePublisher(new EventPublisher() {
            @Override
            public CompletionStage<Void> publish(List<PendingEvent> batch) {
                if (failedOnce.compareAndSet(false, true)) {
                    // Half the batch reaches the broker, then the connection drops.
                    return real.publish(batch.subList(0, batch.size() / 2)).thenCompose(ignored ->
                            CompletableFuture.failedFuture(new IllegalStateException("broker connection lost")));
                }
                return real.publish(batch);
            }

            @Override
            public void close() {
                real.close();
            }
        });
        try {
            relay.resume();

            Awaitility.await().atMost(DEADLINE).until(() -> events.stream().allMatch(e -> outboxRowsFor(e) == 0));
            Set<String> keys = volumes.await(r -> events.stream().anyMatch(e -> isEvent(r, e)), 4, DEADLINE)
                    .stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(failedOnce).isTrue();
            assertThat(keys).containsExactlyInAnyOrder("vol-b1", "vol-b2", "vol-b3", "vol-b4");
        } finally {
            relay.replacePublisher(real);
        }
    }

    private void commit(VolumeDeleteRequested event, boolean failAfterRecording) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            FixtureVolume volume = new FixtureVolume();
            volume.id = event.getVolumeId();
            volume.state = "DeleteRequested";
            return volume.persist()
                    .chain(() -> outbox.record(event))
                    .chain(() -> failAfterRecording
                            ? Uni.createFrom().failure(new IllegalStateException("use case failed"))
                            : Uni.createFrom().voidItem());
        }));
    }

    private void commitEventOnly(VolumeDeleteRequested event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.record(event)));
    }

    private long outboxRowsFor(VolumeDeleteRequested event) {
        return KitTestSupport.awaitOnVertx(() -> Panache.withSession(
                () -> OutboxMessage.count("eventId", event.getEnvelope().getEventId())));
    }

    private static boolean isEvent(ConsumerRecord<String, byte[]> record, VolumeDeleteRequested event) {
        return TopicReader.header(record, KafkaEventPublisher.HEADER_EVENT_ID)
                .map(id -> id.equals(event.getEnvelope().getEventId().toString())).orElse(false);
    }
}
