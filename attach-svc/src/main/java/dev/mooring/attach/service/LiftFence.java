package dev.mooring.attach.service;

import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * An operator lifts a node's fence after its takeover has finished (e.g. the node came back while the takeover was
 * still under way, so {@code NodeRecovered} left it fenced): recorded on the node's fence row (who, why) with a
 * Warning Event on the Node, then the hosts get their recorded initiators back. Refused while a takeover of the node
 * is unfinished: its fence is what keeps the replacement safe.
 */
@ApplicationScoped
public class LiftFence {

    private static final Logger LOG = Logger.getLogger(LiftFence.class);

    @Inject
    NodeFences fences;

    @Inject
    KubeEvents kubeEvents;

    @Inject
    RestoreInitiators restoreInitiators;

    /** Lifts the node's fence; fails with 409 when a takeover of it is unfinished or it is not fenced. */
    public Uni<Void> lift(String node, String by, String reason) {
        String why = "lifted by operator " + by + ": " + reason;
        return Panache.withTransaction(() -> fences.unfence(node, why)
                        .onFailure(NodeFences.UnderTakeover.class).transform(e -> ProblemException.conflict(
                                e.getMessage()))
                        .chain(epoch -> {
                            if (epoch == null) {
                                throw ProblemException.conflict("Node " + node + " is not fenced: there is nothing"
                                        + " to lift");
                            }
                            String message = "Fence of node " + node + " " + why
                                    + "; its hosts get their initiators back";
                            LOG.warnf("node=%s %s", node, message);
                            return kubeEvents.record(new KubeEvents.Notice(KubeEvents.Subject.node(node, null),
                                    KubeEvents.WARNING, "NodeFenceLifted", message, "epoch-" + epoch));
                        }))
                .chain(() -> restoreInitiators.of(node));
    }
}
