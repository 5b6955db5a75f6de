package dev.mooring.attach.service;

import dev.mooring.attach.domain.FencePlan;
import dev.mooring.attach.domain.TakeoverPhase;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * An operator confirms, deliberately, a stuck fence for the arrays that cannot confirm it (down, or answering only
 * errors), so that the takeover proceeds: recorded on the takeover (who, when, why, which arrays) with a Warning
 * Event on the Node, and the takeover's job asked for. The next attempt still tries those arrays; the other arrays of
 * the scope must confirm as before, and nothing is confirmed before pure.json is applied or on an empty scope.
 */
@ApplicationScoped
public class OverrideFence {

    private static final Logger LOG = Logger.getLogger(OverrideFence.class);

    @Inject
    TakeoverRepository takeovers;

    @Inject
    Jobs jobs;

    @Inject
    KubeEvents kubeEvents;

    @Inject
    Clock clock;

    /** Overrides the node's unconfirmed fence; fails with 409 when there is none to override. */
    public Uni<Takeover> override(String node, String by, String reason) {
        return Panache.withTransaction(() -> takeovers.find("failedNode = ?1 and phase = ?2", node,
                TakeoverPhase.Fencing).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult().chain(t -> {
            if (t == null) {
                throw ProblemException.conflict("Node " + node + " has no fence under way (no takeover of it is in"
                        + " phase Fencing): there is nothing to override");
            }
            List<String> arrays = FenceNode.readProblems(t.unconfirmed).keySet().stream()
                    .filter(a -> !a.equals(FencePlan.DIRECTORY) && !a.equals(FencePlan.EMPTY_SCOPE)).toList();
            if (arrays.isEmpty()) {
                throw ProblemException.conflict("The fence of node " + node + " (takeover " + t.takeoverId + ") has"
                        + " no array that failed to confirm it" + (t.lastFailure == null ? " yet" : ": "
                        + t.lastFailure) + "; an override covers only arrays that cannot answer");
            }
            t.overriddenArrays = String.join(",", arrays);
            t.overrideBy = by;
            t.overrideReason = reason;
            t.overrideAt = OffsetDateTime.now(clock);
            t.updatedAt = t.overrideAt;
            String message = "Fence of node " + node + " (takeover " + t.takeoverId + ") confirmed by operator " + by
                    + " for array(s) " + arrays + " that could not confirm it: " + reason;
            LOG.warnf("takeover=%s node=%s %s", t.takeoverId, node, message);
            return kubeEvents.record(new KubeEvents.Notice(KubeEvents.Subject.node(node, null), KubeEvents.WARNING,
                            "NodeFenceOverridden", message, t.takeoverId))
                    .chain(() -> jobs.enqueueUnlessWaiting(TakeOverNode.RESUME, node,
                            new TakeOverNode.Work(t.takeoverId)))
                    .replaceWith(t);
        }));
    }
}
