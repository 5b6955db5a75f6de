package dev.mooring.agent.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * This node's labels as the Kubernetes API has them, read within a bound: NodeGetInfo answers the kubelet's
 * registration, and an API server that does not answer (the client retries for tens of seconds) must not hold it.
 * When the read fails or takes too long, the labels last read stand (empty before the first: px_env still answers),
 * and a read still under way is not started twice.
 */
public final class NodeLabels {

    private static final Logger LOG = Logger.getLogger(NodeLabels.class);

    private final KubernetesClient kube;
    private final String node;
    private final Duration bound;
    private final Executor reader;
    private volatile Map<String, String> last = Map.of();
    private CompletableFuture<Map<String, String>> inFlight;

    public NodeLabels(KubernetesClient kube, String node, Duration bound, Executor reader) {
        this.kube = kube;
        this.node = node;
        this.bound = bound;
        this.reader = reader;
    }

    public Map<String, String> get() {
        CompletableFuture<Map<String, String>> read = read();
        try {
            return read.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("node=%s labels not read within %s: answering with the labels last read", node, bound);
            return last;
        } catch (ExecutionException e) {
            LOG.debugf("node=%s labels unreadable: %s", node, e.getCause().getMessage());
            return last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last;
        }
    }

    private synchronized CompletableFuture<Map<String, String>> read() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = CompletableFuture.supplyAsync(() -> {
                Node n = kube.nodes().withName(node).get();
                Map<String, String> labels = n == null || n.getMetadata().getLabels() == null ? Map.of()
                        : Map.copyOf(n.getMetadata().getLabels());
                last = labels;
                return labels;
            }, reader);
        }
        return inFlight;
    }
}
