package dev.mooring.topology.service;

import dev.mooring.topology.config.TopologyConfig;
import dev.mooring.topology.domain.KubernetesNames;
import dev.mooring.topology.domain.TopologyDefaults;
import dev.mooring.topology.kube.NodeEventRecorder;
import dev.mooring.topology.kube.NodeLabeller;
import dev.mooring.topology.kube.NodeState;
import dev.mooring.topology.kube.NodeWatcher;
import dev.mooring.topology.kube.StaleNodeException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The node loop. Changes (from the Node informer, or a px_env report) put a node's name on a queue; one worker
 * thread takes names one at a time, reads the node's latest state from the informer's cache, and runs
 * {@link ReconcileNode} (state and events, one transaction), then writes the labels and records the Events that
 * the outcome asks for. One worker means one node is never reconciled twice at once, and a name queued
 * several times before it is taken is handled once. A failure is retried with backoff; a label write refused
 * because the node changed meanwhile is simply done again from the newer state.
 */
@ApplicationScoped
public class TopologyController {

    private static final Logger LOG = Logger.getLogger(TopologyController.class);

    @Inject
    NodeWatcher watcher;

    @Inject
    ReconcileNode reconcile;

    @Inject
    NodeLabeller labeller;

    @Inject
    NodeEventRecorder recorder;

    @Inject
    TopologyConfig config;

    private final Object lock = new Object();
    /** Queued node names with the correlation id of the change that queued them (null: a watched change). */
    private final Map<String, String> pending = new LinkedHashMap<>();
    /** Consecutive failures per node; touched by the worker thread only. */
    private final Map<String, Integer> failures = new HashMap<>();
    /** Nodes with a retry scheduled; touched by the worker thread only, so a node never has two at once. */
    private final Set<String> retrying = new HashSet<>();
    private final Map<String, AtomicLong> reconciliations = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService worker;
    private volatile TopologyDefaults defaults;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        defaults = validDefaults();
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "topology-reconciler");
            thread.setDaemon(true);
            return thread;
        });
        LOG.infof("Topology defaults: region=%s zone=%s rack=%s", defaults.region(), defaults.zone(), defaults.rack());
        watcher.start(config.resyncInterval(), name -> enqueue(name, null), this::afterSync);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        watcher.stop();
        ScheduledExecutorService current = worker;
        if (current != null) {
            current.shutdownNow();
        }
    }

    /** Asks for the node to be reconciled soon; cheap, and safe to call from any thread. */
    public void enqueue(String name, String correlationId) {
        synchronized (lock) {
            boolean queued = pending.containsKey(name);
            if (!queued || correlationId != null) {
                pending.put(name, correlationId);
            }
            if (!queued) {
                submit(() -> process(name), Duration.ZERO);
            }
        }
    }

    /** How often the node has been reconciled to the end since start (tests wait on it). */
    public long reconciliations(String name) {
        AtomicLong count = reconciliations.get(name);
        return count == null ? 0 : count.get();
    }

    /** Nodes stored as existing that Kubernetes no longer lists were deleted while nobody watched. */
    private void afterSync() {
        submit(() -> {
            try {
                for (String name : await(() -> reconcile.liveNodeNames())) {
                    if (watcher.node(name).isEmpty()) {
                        enqueue(name, null);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("Could not look for nodes deleted while topology-svc was away, retrying: %s", e.toString());
                submit(this::afterSync, config.retry().initial());
            }
        }, Duration.ZERO);
    }

    private void process(String name) {
        String correlationId;
        synchronized (lock) {
            if (!pending.containsKey(name)) {
                return;
            }
            correlationId = pending.remove(name);
        }
        String correlation = correlationId != null ? correlationId : UUID.randomUUID().toString();
        if (!watcher.synced()) {
            // Until the first list is in, a node missing from the cache is not a deleted node.
            retryLater(name, correlation, config.retry().initial());
            return;
        }
        MDC.put("correlationId", correlation);
        try {
            Optional<NodeState> node = watcher.node(name);
            if (node.isPresent()) {
                reconcileExisting(node.get(), correlation);
            } else {
                await(() -> reconcile.deleted(name, correlation));
            }
            failures.remove(name);
            reconciliations.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
        } catch (StaleNodeException e) {
            LOG.debugf("node=%s %s; trying again from its newer state", name, e.getMessage());
            retryLater(name, correlation, config.retry().initial());
        } catch (RuntimeException e) {
            if (stopping) {
                return; // interrupted by the shutdown; the next start looks at every node again
            }
            int attempt = failures.merge(name, 1, Integer::sum);
            Duration delay = backoff(attempt);
            if (attempt == 1) {
                LOG.warnf(e, "node=%s reconciliation failed, retrying in %s", name, delay);
            } else {
                LOG.warnf("node=%s reconciliation failed (attempt %d), retrying in %s: %s", name, attempt, delay,
                        e.toString());
            }
            retryLater(name, correlation, delay);
        } finally {
            MDC.remove("correlationId");
        }
    }

    private void reconcileExisting(NodeState node, String correlationId) {
        ReconcileNode.Outcome outcome = await(() -> reconcile.observed(node.observed(), node.managedAnnotation(),
                defaults, correlationId));
        if (outcome.labels() != null && !outcome.labels().isEmpty()) {
            labeller.apply(node.name(), node.resourceVersion(), outcome.labels());
        }
        if (!outcome.conflictsToReport().isEmpty()) {
            recorder.topologyConflict(node.name(), node.uid(), outcome.conflictsToReport());
            await(() -> reconcile.conflictsReported(node.name(), outcome.conflictsToReport()));
        }
    }

    /** At most one retry per node waits at a time; a change meanwhile is handled at once anyway. */
    private void retryLater(String name, String correlationId, Duration delay) {
        if (retrying.add(name)) {
            submit(() -> {
                retrying.remove(name);
                enqueue(name, correlationId);
            }, delay);
        }
    }

    private Duration backoff(int attempt) {
        long initial = config.retry().initial().toMillis();
        long max = config.retry().max().toMillis();
        long delay = initial << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(Math.max(delay, initial), max));
    }

    private void submit(Runnable task, Duration delay) {
        ScheduledExecutorService current = worker;
        if (current == null || current.isShutdown()) {
            return;
        }
        try {
            current.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Runs the work on a Vert.x context (where Hibernate Reactive runs), with the log context, and waits. */
    private static <T> T await(Supplier<Uni<T>> work) {
        Object correlationId = MDC.get("correlationId");
        try {
            return VertxContextSupport.subscribeAndAwait(() -> {
                if (correlationId != null) {
                    MDC.put("correlationId", correlationId); // the context's own MDC, not this thread's
                }
                return work.get();
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
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
