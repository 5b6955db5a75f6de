package dev.mooring.agent.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.jboss.logging.Logger;

/** This node's labels as the Kubernetes API has them (empty when it cannot be read: px_env still answers). */
public final class NodeLabels {

    private static final Logger LOG = Logger.getLogger(NodeLabels.class);

    private final KubernetesClient kube;
    private final String node;

    public NodeLabels(KubernetesClient kube, String node) {
        this.kube = kube;
        this.node = node;
    }

    public Map<String, String> get() {
        try {
            Node n = kube.nodes().withName(node).get();
            return n == null || n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        } catch (RuntimeException e) {
            LOG.debugf("node=%s labels unreadable: %s", node, e.getMessage());
            return Map.of();
        }
    }
}
