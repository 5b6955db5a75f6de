package dev.mooring.attach.kube;

import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.service.RecordNodeInitiators;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Watches Nodes for the initiator annotations ({@code mooring.dev/iscsi-iqn}, {@code mooring.dev/fc-wwns} by
 * default). Only a change of those annotations is acted on, not the status updates a node makes all the time.
 * A deleted Node keeps its hosts on the arrays (a node that comes back finds them).
 */
@ApplicationScoped
public class NodeWatcher {

    private static final Logger LOG = Logger.getLogger(NodeWatcher.class);

    @Inject
    KubernetesClient client;

    @Inject
    AttachConfig config;

    @Inject
    RecordNodeInitiators initiators;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mooring-node-watcher");
        t.setDaemon(true);
        return t;
    });
    private SharedIndexInformer<Node> informer;

    void start(@Observes StartupEvent event) {
        if (!config.kube().watch()) {
            return;
        }
        informer = client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                submit(node);
            }

            @Override
            public void onUpdate(Node before, Node node) {
                if (!Objects.equals(iqn(before), iqn(node)) || !Objects.equals(wwns(before), wwns(node))) {
                    submit(node);
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                // hosts stay: the node may come back, and reconciliation keeps its connections meanwhile
            }
        }, config.kube().resync().toMillis());
        LOG.infof("Watching Nodes for initiator annotations %s and %s", config.annotations().iscsiIqn(),
                config.annotations().fcWwns());
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
        worker.shutdownNow();
    }

    private void submit(Node node) {
        String name = node.getMetadata().getName();
        String iqn = iqn(node);
        String wwns = wwns(node);
        worker.execute(() -> {
            try {
                Blocking.await(() -> initiators.fromAnnotations(name, iqn, wwns));
            } catch (RuntimeException e) {
                LOG.warnf("node=%s initiator annotations not recorded, will be seen again: %s", name, e.toString());
            }
        });
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
