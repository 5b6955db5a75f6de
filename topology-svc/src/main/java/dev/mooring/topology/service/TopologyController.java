package dev.mooring.topology.service;

import dev.mooring.kit.background.Backoff;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.background.WorkQueue;
import dev.mooring.topology.config.TopologyConfig;
import dev.mooring.topology.domain.KubernetesNames;
import dev.mooring.topology.domain.TopologyDefaults;
import dev.mooring.topology.kube.NodeLabeller;
import dev.mooring.topology.kube.NodeState;
import dev.mooring.topology.kube.NodeWatcher;
import dev.mooring.topology.kube.StaleNodeException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The node controller. Changes (from the Node informer, or a px_env report) add a node's name to the kit's work
 * queue, which merges repeated names, never handles one node twice at once and retries a failed node with the
 * {@code mooring.topology.retry.*} backoff. Each pass reads the node's latest state from the informer's cache and
 * runs {@link ReconcileNode} (state, events and Kubernetes Events in one transaction), then writes the labels the
 * outcome asks for. A label write refused because the node changed meanwhile is done again from the newer state.
 */
@ApplicationScoped
public class TopologyController {

    private static final Logger LOG = Logger.getLogger(TopologyController.class);
    /** Nodes reconciled side by side; one node is never reconciled twice at once. */
    private static final int CONCURRENCY = 4;
    /** The one key of the sweep for nodes deleted while topology-svc was away. */
    private static final String DELETED_WHILE_AWAY = "deleted-while-away";

    @Inject
    NodeWatcher watcher;

    @Inject
    ReconcileNode reconcile;

    @Inject
    NodeLabeller labeller;

    @Inject
    TopologyConfig config;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    /** The correlation id of the request that queued a node (absent: a watched change). */
    private final Map<String, String> correlations = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> reconciliations = new ConcurrentHashMap<>();
    private volatile TopologyDefaults defaults;
    private volatile WorkQueue<String> nodes;
    private volatile WorkQueue<String> sweep;

    void onStart(@Observes StartupEvent event) {
        defaults = validDefaults();
        Backoff backoff = new Backoff(config.retry().initial(), config.retry().max());
        nodes = background.queue("topology-nodes", CONCURRENCY, backoff, this::process);
        sweep = background.queue("topology-deleted-nodes", 1, backoff, ignored -> deletedWhileAway());
        LOG.infof("Topology defaults: region=%s zone=%s rack=%s", defaults.region(), defaults.zone(), defaults.rack());
        watcher.start(config.resyncInterval(), name -> enqueue(name, null), () -> sweep.add(DELETED_WHILE_AWAY));
    }

    void onStop(@Observes ShutdownEvent event) {
        watcher.stop(); // the kit stops the queues, letting the reconciliation under way finish
    }

    /** Asks for the node to be reconciled soon; cheap, and safe to call from any thread. */
    public void enqueue(String name, String correlationId) {
        if (correlationId != null) {
            correlations.put(name, correlationId);
        }
        WorkQueue<String> queue = nodes;
        if (queue != null) {
            queue.add(name);
        }
    }

    /** How often the node has been reconciled to the end since start (tests wait on it). */
    public long reconciliations(String name) {
        AtomicLong count = reconciliations.get(name);
        return count == null ? 0 : count.get();
    }

    /** Nodes stored as existing that Kubernetes no longer lists were deleted while nobody watched. */
    private Uni<Void> deletedWhileAway() {
        return reconcile.liveNodeNames().invoke(names -> names.stream()
                .filter(name -> watcher.node(name).isEmpty())
                .forEach(name -> enqueue(name, null))).replaceWithVoid();
    }

    private Uni<Void> process(String name) {
        if (!watcher.synced()) {
            // Until the first list is in, a node missing from the cache is not a deleted node.
            nodes.addAfter(name, config.retry().initial());
            return Uni.createFrom().voidItem();
        }
        String queuedBy = correlations.get(name);
        String correlation = queuedBy != null ? queuedBy : UUID.randomUUID().toString();
        MDC.put("correlationId", correlation);
        Optional<NodeState> node = watcher.node(name);
        Uni<Void> pass = node.isPresent() ? reconcileExisting(node.get(), correlation)
                : reconcile.deleted(name, correlation).replaceWithVoid();
        return pass.invoke(() -> {
                    if (queuedBy != null) {
                        correlations.remove(name, queuedBy);
                    }
                    reconciliations.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
                })
                .onFailure(StaleNodeException.class).recoverWithItem(stale -> {
                    LOG.debugf("node=%s %s; trying again from its newer state", name, stale.getMessage());
                    nodes.addAfter(name, config.retry().initial());
                    return null;
                });
    }

    private Uni<Void> reconcileExisting(NodeState node, String correlationId) {
        return reconcile.observed(node.observed(), node.uid(), node.managedAnnotation(), defaults, correlationId)
                .chain(outcome -> outcome.labels() == null || outcome.labels().isEmpty()
                        ? Uni.createFrom().voidItem()
                        : contexts.blocking(() -> {
                            labeller.apply(node.name(), node.resourceVersion(), outcome.labels());
                            return null;
                        }).replaceWithVoid());
    }

    private TopologyDefaults validDefaults() {
        check("mooring.topology.default-region", Optional.of(config.defaultRegion()));
        check("mooring.topology.default-zone", Optional.of(config.defaultZone()));
        check("mooring.topology.default-rack", config.defaultRack());
        return new TopologyDefaults(config.defaultRegion(), config.defaultZone(), config.defaultRack().orElse(null));
    }

    private static void check(String key, Optional<String> value) {
        value.filter(v -> !v.isBlank()).map(String::strip).map(KubernetesNames::labelValueProblem).ifPresent(problem -> {
            throw new IllegalStateException(key + ": " + problem);
        });
    }
}
