package dev.mooring.provisioner.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.provisioner.ProvisionerTestResources;
import dev.mooring.testing.TracingProfile;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One provisioning is one trace: the REST request that asked for the volume is its root; the relay's publish and the
 * intake's process spans carry it across Kafka; the job the event enqueued runs under the event's handling; the
 * array requests it makes are CLIENT spans under the job; and the outcome event is handled in the same trace.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@ProvisionerTestResources
class ProvisioningTraceIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("mooring.event.type");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    /** What an array request's span may say: bounded, and never a token. */
    private static final Set<String> ARRAY_ATTRIBUTES = Set.of("mooring.array", "mooring.array.operation",
            "mooring.array.request_id", "http.request.method", "http.response.status_code", "server.address",
            "server.port");

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aProvisioningFromItsRequestToItsOutcomeIsOneTrace() {
        String location = given().auth().oauth2("test-token").contentType(ContentType.JSON)
                .body(Map.of("name", "traced-db", "size", "1Gi", "parameters", Map.of("backend", "pure_block")))
                .post("/api/v1/volumes").then().statusCode(202).extract().header("Location");
        VolumeProvisioningIT.awaitState(location, "Ready");

        SpanData request = awaitOne(s -> s.getKind() == SpanKind.SERVER && "POST".equals(s.getAttributes().get(METHOD))
                && "/api/v1/volumes".equals(s.getAttributes().get(ROUTE)));
        String trace = request.getTraceId();
        // The outcome's handling is the last step: once it is exported, the whole trace is.
        SpanData outcome = awaitOne(s -> s.getTraceId().equals(trace) && s.getKind() == SpanKind.CONSUMER
                && "VolumeProvisioned".equals(s.getAttributes().get(EVENT_TYPE)));
        Map<String, SpanData> byId = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace))
                .collect(Collectors.toMap(SpanData::getSpanId, s -> s));

        String tree = describe(request, byId, "");
        assertThat(request.getParentSpanContext().isValid()).as("the request is the root:%n%s", tree).isFalse();
        assertThat(byId.values()).as("every span of the trace descends from the request:%n%s", tree)
                .allMatch(s -> s == request || ancestors(s, byId).contains(request));

        SpanData requested = only(byId, s -> s.getKind() == SpanKind.CONSUMER
                && "VolumeRequested".equals(s.getAttributes().get(EVENT_TYPE)));
        assertThat(requested.getName()).isEqualTo("process mooring.volumes");
        assertThat(parent(requested, byId).getKind()).as("sent by the relay, in the request's trace")
                .isEqualTo(SpanKind.PRODUCER);
        assertThat(parent(parent(requested, byId), byId)).isEqualTo(request);

        SpanData job = only(byId, s -> s.getName().equals("job provision-volume"));
        assertThat(parent(job, byId)).as("the job runs under the event's handling that enqueued it")
                .isEqualTo(requested);

        List<SpanData> arrayCalls = byId.values().stream().filter(s -> s.getKind() == SpanKind.CLIENT
                && s.getAttributes().get(AttributeKey.stringKey("mooring.array")) != null).toList();
        assertThat(arrayCalls).extracting(SpanData::getName).contains("POST volumes");
        assertThat(arrayCalls).allSatisfy(call -> {
            assertThat(parent(call, byId)).as("array call %s", call.getName()).isEqualTo(job);
            assertThat(call.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
                    .isSubsetOf(ARRAY_ATTRIBUTES);
        });

        assertThat(ancestors(outcome, byId)).as("the outcome event is handled in the same trace, after the job")
                .contains(job, requested, request);
    }

    /** The trace as an indented tree, for a failure's message. */
    private static String describe(SpanData span, Map<String, SpanData> byId, String indent) {
        StringBuilder text = new StringBuilder(indent + span.getKind() + " " + span.getName() + "\n");
        byId.values().stream().filter(child -> span.getSpanId().equals(child.getParentSpanId()))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
                .forEach(child -> text.append(describe(child, byId, indent + "  ")));
        return text.toString();
    }

    private SpanData awaitOne(Predicate<SpanData> match) {
        return Awaitility.await().atMost(DEADLINE).until(() -> spans.getFinishedSpanItems().stream().filter(match)
                .findFirst().orElse(null), s -> s != null);
    }

    private static SpanData only(Map<String, SpanData> byId, Predicate<SpanData> match) {
        List<SpanData> found = byId.values().stream().filter(match).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static SpanData parent(SpanData span, Map<String, SpanData> byId) {
        return byId.get(span.getParentSpanId());
    }

    private static List<SpanData> ancestors(SpanData span, Map<String, SpanData> byId) {
        List<SpanData> chain = new java.util.ArrayList<>();
        for (SpanData up = parent(span, byId); up != null; up = parent(up, byId)) {
            chain.add(up);
        }
        return chain;
    }
}
