package dev.mooring.topology.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.topology.domain.LabelPatch;
import dev.mooring.topology.domain.NodeAnnotations;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes Mooring's {@code px/*} labels and its managed-labels annotation onto a Node with one JSON merge patch
 * that touches nothing else. The patch carries the resourceVersion the plan was made from, so the API server
 * refuses it (409) if the node changed meanwhile — e.g. a user just set the label — rather than overwrite.
 */
@ApplicationScoped
public class NodeLabeller {

    private static final Logger LOG = Logger.getLogger(NodeLabeller.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KubernetesClient kubernetes;

    /**
     * Applies the patch to the node as it was at {@code resourceVersion}.
     *
     * @throws StaleNodeException when the node changed since (nothing was written)
     */
    public void apply(String node, String resourceVersion, LabelPatch patch) {
        String body = body(resourceVersion, patch);
        try {
            kubernetes.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), body);
            LOG.infof("node=%s labels written: set=%s removed=%s %s=%s", node, patch.set(), patch.remove(),
                    NodeAnnotations.MANAGED_LABELS, patch.annotation());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new StaleNodeException(node);
            }
            if (e.getCode() == 404) {
                LOG.debugf("node=%s gone before its labels were written", node);
                return;
            }
            throw e;
        }
    }

    static String body(String resourceVersion, LabelPatch patch) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        Map<String, Object> labels = new LinkedHashMap<>(patch.set());
        patch.remove().forEach(key -> labels.put(key, null)); // null removes a key in a merge patch
        if (!labels.isEmpty()) {
            metadata.put("labels", labels);
        }
        if (patch.annotationChanged()) {
            Map<String, Object> annotations = new HashMap<>();
            annotations.put(NodeAnnotations.MANAGED_LABELS, patch.annotation());
            metadata.put("annotations", annotations);
        }
        try {
            return JSON.writeValueAsString(Map.of("metadata", metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
