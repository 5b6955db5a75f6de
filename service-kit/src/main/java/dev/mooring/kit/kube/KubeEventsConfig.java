package dev.mooring.kit.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code mooring.kube-events.*}: Kubernetes Events on the objects users look at. */
@ConfigMapping(prefix = "mooring.kube-events")
public interface KubeEventsConfig {

    /** Record Events (off where the service runs without a Kubernetes API). */
    @WithDefault("true")
    boolean enabled();

    /** Namespace of Events on cluster-scoped objects (Nodes): where Kubernetes itself records node events. */
    @WithDefault("default")
    String clusterScopedNamespace();

    /** Safety-net poll of the relay; a commit that recorded Events wakes it at once. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Attempts at writing one Event before it is given up (logged): an Event is a courtesy, never a blocker. */
    @WithDefault("10")
    int attempts();
}
