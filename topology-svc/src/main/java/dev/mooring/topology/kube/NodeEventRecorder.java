package dev.mooring.topology.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.topology.config.TopologyConfig;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on Nodes, where {@code kubectl describe node} shows them. The event's name is
 * derived from the node and the conflicts, so recording the same conflicts again (after they went away and
 * came back) refreshes one event instead of adding another.
 */
@ApplicationScoped
public class NodeEventRecorder {

    /** The Event reason for conflicting topology inputs. */
    public static final String TOPOLOGY_CONFLICT = "TopologyConflict";

    private static final Logger LOG = Logger.getLogger(NodeEventRecorder.class);
    private static final int MAX_MESSAGE = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient kubernetes;

    @Inject
    TopologyConfig config;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "topology-svc")
    String component;

    /** A Warning: the node's topology inputs conflict, and the levels concerned are left unset. */
    public void topologyConflict(String node, String uid, List<String> conflicts) {
        String message = "Conflicting topology inputs, not guessed: " + String.join("; ", conflicts)
                + ". Each such level is left unset and Mooring writes no px/ label for it; correct the labels, or"
                + " set px/region, px/zone or px/rack on the node to choose.";
        record(node, uid, "Warning", TOPOLOGY_CONFLICT, message, String.join("\n", conflicts));
    }

    private void record(String node, String uid, String type, String reason, String message, String identity) {
        String namespace = config.eventNamespace();
        String name = eventName(node, reason + "\n" + identity);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
        Event event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node")
                        .withName(node).withUid(uid).build())
                .withType(type)
                .withReason(reason)
                .withMessage(text)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent("mooring.dev/" + component)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            kubernetes.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Recorded before (same node, same conflicts): say it again by its time. A patch needs no read,
            // so the service account needs only create and patch on events.
            kubernetes.v1().events().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    patchBody(now, text));
        }
        LOG.infof("node=%s event %s %s: %s", node, type, reason, text);
    }

    private static String patchBody(String now, String message) {
        try {
            return JSON.writeValueAsString(Map.of("lastTimestamp", now, "message", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <node>.<hash>}: a valid, stable name for the same node and content. */
    static String eventName(String node, String identity) {
        String prefix = node.length() > 200 ? node.substring(0, 200).replaceAll("[.-]+$", "") : node;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((node + "\n" + identity).getBytes(StandardCharsets.UTF_8));
            return prefix + "." + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
