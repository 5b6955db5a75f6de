package dev.mooring.flasharray.client;

import static dev.mooring.flasharray.client.FakeArray.error;
import static dev.mooring.flasharray.client.FakeArray.items;
import static dev.mooring.flasharray.client.FakeArray.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.flasharray.client.request.VolumeCreate;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each request to the array is a CLIENT span under the caller's trace, saying what and where — never a token. */
class CallTracingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Set<String> BOUNDED = Set.of("mooring.array", "mooring.array.operation",
            "mooring.array.request_id", "http.request.method", "http.response.status_code", "server.address",
            "server.port");
    private static Vertx vertx;
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final Tracer tracer = provider.get("test");
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
        client = array.client().tracer(provider.get(CallTracing.INSTRUMENTATION)).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close().await().atMost(WAIT);
        array.close();
        provider.close();
    }

    @Test
    void everyRequestOfACallIsAClientSpanUnderTheCallersSpan() {
        array.on("POST volumes", r -> json(r, 200, items(new JsonObject().put("name", "v1")
                .put("serial", "6C1B16CE1C034D1C00051838").put("provisioned", 1048576))));
        Span job = tracer.spanBuilder("job").startSpan();

        try (Scope ignored = job.makeCurrent()) {
            await(client.volumes().create(VolumeCreate.of("v1", 1048576)));
        }
        job.end();

        List<SpanData> requests = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
                .toList();
        assertThat(requests).extracting(SpanData::getName)
                .containsExactly("GET /api/api_version", "POST login", "POST volumes");
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.getParentSpanId()).isEqualTo(job.getSpanContext().getSpanId());
            assertThat(request.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey).isSubsetOf(BOUNDED);
            assertThat(request.getAttributes().asMap().values()).extracting(String::valueOf)
                    .noneMatch(value -> value.contains(FakeArray.TOKEN) || value.contains(array.sessionToken));
        });
        SpanData create = requests.get(2);
        assertThat(create.getAttributes().get(CallTracing.ARRAY)).isEqualTo(array.endpoint());
        assertThat(create.getAttributes().get(CallTracing.OPERATION)).isEqualTo("POST /api/2.26/volumes");
        assertThat(create.getAttributes().get(CallTracing.STATUS)).isEqualTo(200L);
        assertThat(create.getAttributes().get(CallTracing.REQUEST_ID))
                .isEqualTo(array.seen("POST", "volumes").get(0).header(Transport.REQUEST_ID));
        assertThat(array.seen("POST", "volumes").get(0).header("traceparent")).as("nothing of the trace goes to the array")
                .isNull();
    }

    @Test
    void aRefusedRequestIsAFailedSpan() {
        array.on("POST volumes", r -> json(r, 400, error("Volume name is invalid.", "v1")));

        assertThatThrownBy(() -> await(client.volumes().create(VolumeCreate.of("v1", 1048576))));

        SpanData create = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("POST volumes"))
                .findFirst().orElseThrow();
        assertThat(create.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(create.getAttributes().get(CallTracing.STATUS)).isEqualTo(400L);
        assertThat(create.getParentSpanContext().isValid()).as("no caller's trace: a trace of its own").isFalse();
    }

    @Test
    void withoutATracerNothingIsRecorded() throws Exception {
        client.close().await().atMost(WAIT);
        client = array.client().build();
        array.on("GET volumes", r -> json(r, 200, items()));

        await(client.volumes().list(dev.mooring.flasharray.client.query.Query.all()));

        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }
}
