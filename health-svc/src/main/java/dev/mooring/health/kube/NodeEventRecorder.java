package dev.mooring.health.kube;

import dev.mooring.health.config.HealthConfig;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records liveness outcomes as Kubernetes Events on the Node, where {@code kubectl describe node} shows them.
 * Best effort: the decision itself is in the database and on Kafka already; an Event that cannot be written is
 * logged, never retried into a second decision. One Event per node, reason and outage (its name is derived from
 * them), so a repeat does not pile up.
 */
@ApplicationScoped
public class NodeEventRecorder {

    private static final Logger LOG = Logger.getLogger(NodeEventRecorder.class);
    private static final int MAX_MESSAGE = 1024;

    @Inject
    KubernetesClient kubernetes;

    @Inject
    HealthConfig config;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "health-svc")
    String component;

    /** An outcome to tell the user: type Normal or Warning, a CamelCase reason, a message naming what to do. */
    public record Notice(String node, String type, String reason, String message, String identity) {
    }

    public void record(Notice notice) {
        if (!config.kubernetes().enabled()) {
            return;
        }
        String namespace = config.kubernetes().eventNamespace();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String text = notice.message().length() > MAX_MESSAGE
                ? notice.message().substring(0, MAX_MESSAGE - 1) + "…" : notice.message();
        Event event = new EventBuilder()
                .withNewMetadata().withName(eventName(notice)).withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node")
                        .withName(notice.node()).build())
                .withType(notice.type()).withReason(notice.reason()).withMessage(text)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent("mooring.dev/" + component)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            kubernetes.v1().events().inNamespace(namespace).resource(event).create();
            LOG.debugf("node=%s event %s %s", notice.node(), notice.type(), notice.reason());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: recorded already for this outage
                LOG.warnf("node=%s could not record the Event %s: %s", notice.node(), notice.reason(), e.getMessage());
            }
        }
    }

    static String eventName(Notice notice) {
        String node = notice.node();
        String prefix = node.length() > 200 ? node.substring(0, 200).replaceAll("[.-]+$", "") : node;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((node + "\n" + notice.reason() + "\n"
                    + notice.identity()).getBytes(StandardCharsets.UTF_8));
            return prefix + "." + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
