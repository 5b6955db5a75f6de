package dev.mooring.kit.tracing;

import static dev.mooring.kit.KitTestSupport.awaitOnVertx;
import static dev.mooring.kit.KitTestSupport.deleteRequested;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.kit.fixture.FixtureJobs;
import dev.mooring.kit.fixture.FixtureVolume;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.outbox.KafkaEventPublisher;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.testing.EventSender;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.KafkaBrokerResource;
import dev.mooring.testing.PostgresResource;
import dev.mooring.testing.TopicReader;
import dev.mooring.testing.TracingProfile;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One trace across Kafka: an event recorded under a span is published by the relay in a span under it (the row's
 * context, not the relay's), sent with that context in its headers, and handled by the intake in a consumer span
 * under it; a record without trace headers is still handled, in a trace of its own; a job runs under what
 * enqueued it.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "mooring_kit_test"))
class EventTracingIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    @Inject
    Outbox outbox;

    @Inject
    Jobs jobs;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    OpenTelemetry openTelemetry;

    private TopicReader volumes;

    @BeforeEach
    void openReader() {
        volumes = new TopicReader(KafkaBroker.shared(), "mooring.volumes");
    }

    @AfterEach
    void closeReader() {
        volumes.close();
    }

    @Test
    void anEventContinuesTheTraceOfTheChangeThatRecordedIt() {
        VolumeDeleteRequested event = deleteRequested("vol-traced");
        Span request = openTelemetry.getTracer("test").spanBuilder("a request").setSpanKind(SpanKind.SERVER).startSpan();

        within(request, () -> Panache.withTransaction(() -> outbox.record(event)));
        request.end();

        String eventId = event.getEnvelope().getEventId().toString();
        SpanData publish = awaitSpan("publish mooring.volumes", eventId);
        SpanData process = awaitSpan("process mooring.volumes", eventId);
        String trace = request.getSpanContext().getTraceId();
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getTraceId()).isEqualTo(trace);
        assertThat(publish.getParentSpanId()).as("the relay continues the row's context, not its own")
                .isEqualTo(request.getSpanContext().getSpanId());
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(trace);
        assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());

        ConsumerRecord<String, byte[]> record = volumes.await(r -> eventId.equals(
                TopicReader.header(r, KafkaEventPublisher.HEADER_EVENT_ID).orElse(null)), 1, DEADLINE).get(0);
        assertThat(TopicReader.header(record, "traceparent"))
                .hasValue("00-" + trace + "-" + publish.getSpanId() + "-01");
        Awaitility.await().atMost(DEADLINE).until(() -> volume("vol-traced") != null);
    }

    @Test
    void anEventWithoutTraceHeadersIsHandledInATraceOfItsOwn() {
        VolumeDeleteRequested event = deleteRequested("vol-untraced");

        try (EventSender sender = new EventSender()) {
            sender.send("mooring.volumes", event);
        }

        Awaitility.await().atMost(DEADLINE).until(() -> volume("vol-untraced") != null);
        SpanData process = awaitSpan("process mooring.volumes", event.getEnvelope().getEventId().toString());
        assertThat(process.getParentSpanContext().isValid()).as("a new root").isFalse();
    }

    @Test
    void aJobRunsInASpanUnderWhatEnqueuedIt() {
        Span request = openTelemetry.getTracer("test").spanBuilder("a request").setSpanKind(SpanKind.SERVER).startSpan();

        within(request, () -> Panache.withTransaction(() -> jobs.enqueue(FixtureJobs.KIND, "traced-job",
                new FixtureJobs.Work("ok", "traced-job"))));
        request.end();

        SpanData job = Awaitility.await().atMost(DEADLINE).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("job " + FixtureJobs.KIND)
                        && s.getTraceId().equals(request.getSpanContext().getTraceId()))
                .findFirst().orElse(null), s -> s != null);
        assertThat(job.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    }

    /** Runs {@code work} on a Vert.x context with {@code span} current, as a REST request's work runs. */
    private static <T> T within(Span span, Supplier<Uni<T>> work) {
        return awaitOnVertx(() -> {
            // The context is this call's own (a fresh duplicated context): the span stays current for its steps.
            Context.current().with(span).makeCurrent();
            return work.get();
        });
    }

    private SpanData awaitSpan(String name, String eventId) {
        return Awaitility.await().atMost(DEADLINE).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name) && eventId.equals(s.getAttributes().get(MESSAGE_ID)))
                .findFirst().orElse(null), s -> s != null);
    }

    private static FixtureVolume volume(String id) {
        return awaitOnVertx(() -> Panache.withSession(() -> FixtureVolume.<FixtureVolume>findById(id)));
    }
}
