package dev.mooring.kit.tracing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Carries one trace across what outlives a request: the W3C trace context of the span current when an event or a
 * job is recorded is kept in its row (outbox {@code headers}, {@code kit_jobs.trace_context}); the relay's
 * {@code publish} span continues it and sends it as the record's {@code traceparent}/{@code tracestate} headers; the
 * intake handles the record in a {@code process} span under it, and the job runner runs a job in a span under the
 * context its row kept. With the SDK off (the default) every method costs a no-op and rows keep nothing.
 */
@ApplicationScoped
public class EventTraceContext {

    static final String INSTRUMENTATION = "dev.mooring.kit";
    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.kafka.partition");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("mooring.event.type");
    static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("mooring.channel");
    static final AttributeKey<String> JOB_KIND = AttributeKey.stringKey("mooring.job.kind");
    static final AttributeKey<Long> JOB_ID = AttributeKey.longKey("mooring.job.id");
    static final AttributeKey<Long> JOB_ATTEMPT = AttributeKey.longKey("mooring.job.attempt");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("mooring.outcome");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OpenTelemetry openTelemetry;

    /** Off by default (the kit's configuration): then nothing is traced and nothing is kept. */
    @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false")
    boolean sdkDisabled;

    private OpenTelemetry effective;
    private Tracer tracer;
    private TextMapPropagator propagator;

    @PostConstruct
    void init() {
        // The disabled SDK still makes (unexported) spans; the no-op API makes none, so tracing off costs nothing.
        effective = sdkDisabled ? OpenTelemetry.noop() : openTelemetry;
        tracer = effective.getTracer(INSTRUMENTATION);
        propagator = effective.getPropagators().getTextMapPropagator();
    }

    /** A tracer for another instrumentation of the kit (the array client): a no-op one while tracing is off. */
    public Tracer tracer(String instrumentation) {
        return effective.getTracer(instrumentation);
    }

    /** The current trace context as propagation headers ({@code traceparent}, …); empty when no span is current. */
    public Map<String, String> current() {
        return headersOf(Context.current());
    }

    /** {@link #current()} as the text an outbox or job row keeps; null when there is no trace to continue. */
    public String currentForRow() {
        Map<String, String> headers = current();
        if (headers.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a trace context: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Opens the {@code publish <topic>} span of one outbox row: a PRODUCER span under the context the row kept (not
     * the relay's own, which belongs to no request). Its headers replace the row's trace headers on the record. A row
     * without a trace context is published untraced.
     */
    public Publishing publishing(String topic, String eventType, String eventId, Map<String, String> rowHeaders) {
        Context cause = propagator.extract(Context.root(), rowHeaders, TraceHeaders.FROM_MAP);
        if (!Span.fromContext(cause).getSpanContext().isValid()) {
            return new Publishing(Span.getInvalid(), rowHeaders);
        }
        Span span = tracer.spanBuilder("publish " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(cause)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "send")
                .setAttribute(MESSAGE_ID, eventId)
                .setAttribute(EVENT_TYPE, eventType)
                .startSpan();
        Map<String, String> headers = new LinkedHashMap<>(rowHeaders);
        headers.putAll(headersOf(cause.with(span)));
        return new Publishing(span, headers);
    }

    /**
     * Runs the handling of a consumed record in a CONSUMER span ({@code process <topic>}) whose parent is the trace
     * context of its Kafka headers — a record without one starts a new trace. Call it on the handling's own Vert.x
     * context ({@code SafeContexts.run}): the span is current there for the whole handling, so the rows it writes
     * (events, jobs) and the calls it makes continue the trace.
     */
    public <T> Uni<T> consuming(Message<?> message, String channel, String eventType, String eventId,
                                Supplier<Uni<T>> work) {
        if (sdkDisabled) {
            return work.get();
        }
        Optional<IncomingKafkaRecordMetadata> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class);
        Context cause = kafka.map(m -> propagator.extract(Context.root(), m.getHeaders(), TraceHeaders.FROM_KAFKA))
                .orElse(Context.root());
        String topic = kafka.map(IncomingKafkaRecordMetadata::getTopic).orElse(channel);
        var span = tracer.spanBuilder("process " + topic)
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(cause)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "process")
                .setAttribute(CHANNEL, channel)
                .setAttribute(EVENT_TYPE, eventType);
        if (eventId != null) {
            span.setAttribute(MESSAGE_ID, eventId);
        }
        kafka.ifPresent(m -> span.setAttribute(PARTITION, (long) m.getPartition()).setAttribute(OFFSET, m.getOffset()));
        return within(cause, span.startSpan(), work);
    }

    /**
     * Runs one job in a span ({@code job <kind>}) under the trace context its row kept — the request or event that
     * enqueued it — or in a new trace when it kept none. Call it on the job's own Vert.x context.
     */
    public <T> Uni<T> runningJob(String kind, long id, int attempt, String rowContext, Supplier<Uni<T>> work) {
        if (sdkDisabled) {
            return work.get();
        }
        Context cause = propagator.extract(Context.root(), fromRow(rowContext), TraceHeaders.FROM_MAP);
        Span span = tracer.spanBuilder("job " + kind)
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(cause)
                .setAttribute(JOB_KIND, kind)
                .setAttribute(JOB_ID, id)
                .setAttribute(JOB_ATTEMPT, (long) attempt)
                .startSpan();
        return within(cause, span, work);
    }

    /** Marks the current handling as not done: parked for later, or dead-lettered, with why. */
    public void notDone(String outcome, String reason) {
        Span span = Span.current();
        if (span.isRecording()) {
            span.setAttribute(OUTCOME, outcome);
            span.setStatus(StatusCode.ERROR, outcome + ": " + reason);
        }
    }

    /** The headers a row's trace text stands for (none for null). */
    static Map<String, String> fromRow(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            // A trace context is worth less than the work it travels with: run the work untraced.
            return Map.of();
        }
    }

    private Map<String, String> headersOf(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(context, headers, TraceHeaders.INTO_MAP);
        return headers;
    }

    private static <T> Uni<T> within(Context cause, Span span, Supplier<Uni<T>> work) {
        // Quarkus keeps the OpenTelemetry context on the Vert.x (duplicated) context: made current here, the span
        // stays current for every step of the work that runs on it, and the scope ends with the work.
        Scope scope = cause.with(span).makeCurrent();
        Uni<T> running;
        try {
            running = work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.toString());
            span.end();
            scope.close();
            throw e;
        }
        return running.onItemOrFailure().invoke((item, failure) -> {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            span.end();
            scope.close();
        });
    }

    /** A row being published: the headers its record carries, and its span, ended when the broker answers. */
    public record Publishing(Span span, Map<String, String> headers) {

        /** Ends the span: acknowledged when {@code error} is null. */
        public void end(Throwable error) {
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }
            span.end();
        }
    }
}
