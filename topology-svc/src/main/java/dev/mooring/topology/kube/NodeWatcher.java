package dev.mooring.topology.kube;

import dev.mooring.kit.kube.InformerRetries;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Follows the cluster's Nodes with a fabric8 informer: every add, update (labels, annotations, status) and
 * delete, and a periodic resync, hands the node's name on; the current state is then read from the informer's
 * cache, so a burst of changes to one node is handled once, at its latest state.
 */
@ApplicationScoped
public class NodeWatcher {

    private static final Logger LOG = Logger.getLogger(NodeWatcher.class);

    @Inject
    KubernetesClient kubernetes;

    private volatile SharedIndexInformer<Node> informer;
    private volatile boolean synced;

    /**
     * Starts watching. {@code onChange} gets the name of each node that was added, changed, deleted or resynced;
     * {@code onSynced} runs once the first full list is in the cache.
     */
    public void start(Duration resync, Consumer<String> onChange, Runnable onSynced) {
        SharedIndexInformer<Node> nodes = kubernetes.nodes().runnableInformer(resync.toMillis());
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                onChange.accept(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node before, Node after) {
                onChange.accept(after.getMetadata().getName());
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                onChange.accept(node.getMetadata().getName());
            }
        });
        InformerRetries.keepRetrying(nodes, "Nodes");
        informer = nodes;
        LOG.infof("Watching Nodes (resync every %s)", resync);
        nodes.start().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.errorf("Cannot watch Nodes: %s", error.toString());
                return;
            }
            synced = true;
            LOG.infof("Node cache filled: %d nodes", nodes.getStore().list().size());
            onSynced.run();
        });
    }

    /** The node as last seen, or empty when Kubernetes has no such node (or it is not listed yet). */
    public Optional<NodeState> node(String name) {
        SharedIndexInformer<Node> current = informer;
        Node node = current == null ? null : current.getStore().getByKey(name);
        return node == null ? Optional.empty() : Optional.of(NodeState.of(node));
    }

    /** Whether the first full list of Nodes is in the cache (before that, an absent node proves nothing). */
    public boolean synced() {
        return synced;
    }

    /** How many Nodes the cache holds. */
    public int nodeCount() {
        SharedIndexInformer<Node> current = informer;
        return current == null ? 0 : current.getStore().list().size();
    }

    public void stop() {
        SharedIndexInformer<Node> current = informer;
        if (current != null) {
            current.close();
        }
    }
}
