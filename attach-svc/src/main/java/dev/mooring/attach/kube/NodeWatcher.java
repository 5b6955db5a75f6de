package dev.mooring.attach.kube;

import dev.mooring.kit.kube.InformerRetries;
import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.service.RecordNodeInitiators;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Watches Nodes for the initiator annotations ({@code mooring.dev/iscsi-iqn}, {@code mooring.dev/fc-wwns} by
 * default). Only a change of those annotations is acted on, not the status updates a node makes all the time: the
 * informer puts the node's name on a work queue, whose handler records the annotations the informer's cache holds
 * then. A deleted Node keeps its hosts on the arrays here (a node that comes back finds them); the inventory
 * ({@code HostInventory}) deletes them once they are unused and the Node has been gone for its grace.
 */
@ApplicationScoped
public class NodeWatcher {

    private static final Logger LOG = Logger.getLogger(NodeWatcher.class);
    /** Nodes recorded at once; one node is never handled twice at the same time. */
    private static final int CONCURRENCY = 4;

    @Inject
    KubernetesClient client;

    @Inject
    AttachConfig config;

    @Inject
    RecordNodeInitiators initiators;

    @Inject
    BackgroundWork background;

    private SharedIndexInformer<Node> informer;
    private WorkQueue<String> queue;

    void start(@Observes StartupEvent event) {
        if (!config.kube().watch()) {
            return;
        }
        queue = background.queue("node-initiators", CONCURRENCY, this::record);
        // The informer exists before it starts, so the queue's first handling finds its cache.
        informer = InformerRetries.keepRetrying(client.nodes().runnableInformer(config.kube().resync().toMillis()), "Nodes");
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                queue.add(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node before, Node node) {
                if (!Objects.equals(iqn(before), iqn(node)) || !Objects.equals(wwns(before), wwns(node))) {
                    queue.add(node.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                // hosts stay: the node may come back, and reconciliation keeps its connections meanwhile
            }
        });
        informer.start();
        LOG.infof("Watching Nodes for initiator annotations %s and %s", config.annotations().iscsiIqn(),
                config.annotations().fcWwns());
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** Records what the node's annotations say now (a failure comes back after the queue's backoff). */
    private Uni<Void> record(String name) {
        Node node = informer.getStore().getByKey(name);
        if (node == null) {
            return Uni.createFrom().voidItem(); // deleted since: its hosts stay as they are
        }
        return initiators.fromAnnotations(name, iqn(node), wwns(node)).replaceWithVoid();
    }

    private String iqn(Node node) {
        return annotation(node, config.annotations().iscsiIqn());
    }

    private String wwns(Node node) {
        return annotation(node, config.annotations().fcWwns());
    }

    private static String annotation(Node node, String key) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
