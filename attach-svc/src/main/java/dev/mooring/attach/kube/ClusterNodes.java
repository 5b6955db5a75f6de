package dev.mooring.attach.kube;

import dev.mooring.kit.background.SafeContexts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Which Nodes the cluster has now, read from the API server itself (not an informer's cache, which may lag): a host
 * is only ever deleted for a node the API server says is gone.
 */
@ApplicationScoped
public class ClusterNodes {

    private static final Logger LOG = Logger.getLogger(ClusterNodes.class);

    @Inject
    KubernetesClient client;

    @Inject
    SafeContexts contexts;

    /** The names of every Node; empty when they could not be read (then no node counts as gone). */
    public Uni<Optional<Set<String>>> names() {
        return contexts.blocking(() -> client.nodes().list().getItems().stream()
                        .map(node -> node.getMetadata().getName()).collect(Collectors.toSet()))
                .map(Optional::of)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Nodes could not be listed: %s", e.toString());
                    return Optional.empty();
                });
    }

    /** Whether the Node exists now; fails when the API server cannot say. */
    public Uni<Boolean> exists(String node) {
        return contexts.blocking(() -> client.nodes().withName(node).get() != null);
    }
}
