package dev.mooring.health.kube;

import dev.mooring.kit.kube.InformerRetries;
import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.domain.TakeoverGate;
import dev.mooring.health.service.HeartbeatTracker;
import dev.mooring.health.service.WatchHealthSource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The second signal: each Node's {@code Ready} condition. Its status is recorded beside every decision
 * ({@code ready=False}); a {@code lastHeartbeatTime} that advances while the status is True is a heartbeat
 * ({@code node-ready}), which keeps nodes alive whose kubelet reports status but no Lease (old clusters).
 */
@ApplicationScoped
public class NodeReadyWatcher implements WatchHealthSource {

    @Inject
    KubernetesClient kubernetes;

    @Inject
    HeartbeatTracker tracker;

    @Inject
    HealthConfig config;

    @Inject
    Clock clock;

    private volatile SharedIndexInformer<Node> informer;
    private volatile WatchObserver observer;

    @PostConstruct
    void init() {
        observer = new WatchObserver("node", clock, false); // Node status may stay unchanged for minutes
    }

    /** The Node watch's view of the API server; empty when Nodes are not watched. */
    @Override
    public Optional<TakeoverGate.WatchHealth> health() {
        return config.kubernetes().enabled() ? Optional.of(observer.health()) : Optional.empty();
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.kubernetes().enabled()) {
            return;
        }
        SharedIndexInformer<Node> nodes = kubernetes.nodes().runnableInformer(config.kubernetes().resync().toMillis());
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                observer.delivered(null, node);
                ready(node).ifPresent(c -> {
                    tracker.readiness(node.getMetadata().getName(), c.getStatus());
                    Instant at = heartbeatTime(c);
                    if ("True".equals(c.getStatus()) && at != null) {
                        tracker.beat(node.getMetadata().getName(), at, HeartbeatTracker.NODE_READY);
                    }
                });
            }

            @Override
            public void onUpdate(Node before, Node after) {
                observer.delivered(before, after);
                ready(after).ifPresent(c -> {
                    tracker.readiness(after.getMetadata().getName(), c.getStatus());
                    Instant at = heartbeatTime(c);
                    Instant previous = ready(before).map(NodeReadyWatcher::heartbeatTime).orElse(null);
                    if ("True".equals(c.getStatus()) && at != null && !Objects.equals(at, previous)) {
                        tracker.beat(after.getMetadata().getName(), clock.instant(), HeartbeatTracker.NODE_READY);
                    }
                });
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                tracker.readiness(node.getMetadata().getName(), "Deleted");
            }
        });
        InformerRetries.keepRetrying(nodes, "Nodes");
        informer = nodes;
        observer.follow(nodes);
        nodes.start().thenRun(observer::listed);
    }

    void onStop(@Observes ShutdownEvent event) {
        SharedIndexInformer<Node> current = informer;
        if (current != null) {
            current.close();
        }
    }

    private static Optional<NodeCondition> ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    private static Instant heartbeatTime(NodeCondition c) {
        if (c.getLastHeartbeatTime() == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(c.getLastHeartbeatTime()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
