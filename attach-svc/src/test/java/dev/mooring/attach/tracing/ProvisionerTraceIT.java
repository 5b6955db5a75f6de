package dev.mooring.attach.tracing;

import static dev.mooring.attach.TestEvents.newVolumeId;
import static dev.mooring.attach.TestEvents.provisioned;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.attach.AttachTestResources;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.testing.EventSender;
import dev.mooring.testing.TracingProfile;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Across services: the provisioner's {@code VolumeProvisioned}, sent with the {@code traceparent} of its publish span
 * (as its relay sends it), is handled by attach-svc in the same trace, as a child of that span.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@AttachTestResources
@WithKubernetesTestServer(crud = true)
class ProvisionerTraceIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The provisioner's publish span, as the record's header names it. */
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISH_SPAN = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theProvisionersEventIsHandledInTheProvisioningsTrace() {
        String id = newVolumeId();
        VolumeProvisioned event = provisioned(id, List.of("array-a"), "ABCDEF0123456789ABCDEF02");

        try (EventSender sender = new EventSender()) {
            sender.send("mooring.volumes", event, Map.of("traceparent", "00-" + TRACE + "-" + PUBLISH_SPAN + "-01"));
        }

        Awaitility.await().atMost(DEADLINE).until(() -> given().auth().oauth2("test-token")
                .get("/api/v1/volumes/" + id).statusCode() == 200);
        String eventId = event.getEnvelope().getEventId().toString();
        SpanData handled = Awaitility.await().atMost(DEADLINE).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> eventId.equals(s.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))))
                .findFirst().orElse(null), s -> s != null);
        assertThat(handled.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(handled.getName()).isEqualTo("process mooring.volumes");
        assertThat(handled.getTraceId()).isEqualTo(TRACE);
        assertThat(handled.getParentSpanId()).isEqualTo(PUBLISH_SPAN);
        assertThat(handled.getAttributes().get(AttributeKey.stringKey("mooring.event.type"))).isEqualTo("VolumeProvisioned");
    }
}
