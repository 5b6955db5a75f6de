package dev.mooring.topology.dr.service;

import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.rest.ProblemException;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.domain.PeerState;
import dev.mooring.topology.dr.repository.DomainRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Activating and deactivating the two cluster domains, one at a time, so that exactly one runs the applications:
 * a change that would leave both active or neither is refused with the reason, and one that cannot see the other
 * domain is refused too (a failover is the way to act while the other site is down). Activation takes an epoch
 * above both sides' (see {@code V3__cluster_domains.sql}); stepping down adopts the activating side's epoch.
 */
@ApplicationScoped
public class DomainActivation {

    private static final Logger LOG = Logger.getLogger(DomainActivation.class);

    @Inject
    ClusterDomains domains;

    @Inject
    PeerDomain peer;

    @Inject
    SafeContexts contexts;

    @Inject
    ApplicationWorkloads workloads;

    @Inject
    KubernetesClient kubernetes;

    /** Activates {@code name}: this domain here, the other one through its own API (it checks this one). */
    public Uni<Void> activate(String name) {
        String local = localName();
        if (!name.equals(local)) {
            return forward(name, true);
        }
        return contexts.blocking(this::peerState).chain(other -> {
            if (domains.state() == DomainState.active) {
                return Uni.createFrom().voidItem();
            }
            if (other.state() == DomainState.active) {
                throw ProblemException.conflict("activating " + local + " would leave both domains active: " + other.name()
                        + " is active; deactivate it first, or move the applications with a failover or failback");
            }
            long epoch = Math.max(domains.epoch(), other.epoch()) + 1;
            LOG.infof("Cluster domain %s activated (epoch %d); %s is inactive", local, epoch, other.name());
            return domains.change(DomainState.active, epoch, "activate").replaceWithVoid();
        });
    }

    /** Deactivates {@code name}: this domain here, the other one through its own API. */
    public Uni<Void> deactivate(String name) {
        String local = localName();
        if (!name.equals(local)) {
            return forward(name, false);
        }
        return contexts.blocking(this::peerState).chain(other -> {
            if (domains.state() == DomainState.inactive) {
                return Uni.createFrom().voidItem();
            }
            if (other.state() != DomainState.active) {
                throw ProblemException.conflict("deactivating " + local + " would leave no domain active: " + other.name()
                        + " is inactive; activate it first, or move the applications with a failover or failback");
            }
            LOG.infof("Cluster domain %s deactivated; %s is active", local, other.name());
            return domains.change(DomainState.inactive, domains.epoch(), "deactivate").replaceWithVoid();
        });
    }

    /**
     * Steps this domain down for an activation of {@code epoch} on the other side: stores inactive with that epoch,
     * then scales the applications it migrates to zero (their counts recorded), so they never run on both sites.
     * An older epoch than this domain's own is refused: that activation was overtaken.
     */
    public Uni<List<String>> stepDown(long epoch, String reason) {
        if (epoch < domains.epoch()) {
            throw ProblemException.conflict("a step-down for epoch " + epoch + " is older than this domain's epoch "
                    + domains.epoch() + ": it was activated again since");
        }
        return domains.change(DomainState.inactive, epoch, "stepped down: " + reason)
                .chain(() -> contexts.blocking(() -> {
                    List<String> scaled = workloads.scaleDown(kubernetes, workloads.scheduledNamespaces());
                    LOG.infof("Cluster domain %s stepped down (epoch %d, %s); scaled to zero: %s", localName(), epoch,
                            reason, scaled);
                    return scaled;
                }));
    }

    private Uni<Void> forward(String name, boolean activate) {
        String local = localName();
        return contexts.blocking(() -> {
            String other = peer.name().orElseThrow(() -> ProblemException.notFound("Cluster domain " + name
                    + " is not known: this is " + local + " and it has no usable pairing"));
            if (!name.equals(other)) {
                throw ProblemException.notFound("Cluster domain " + name + " is not known: the domains are " + local
                        + " and " + other);
            }
            try {
                peer.change(activate);
                return null;
            } catch (PeerDomain.Unreachable e) {
                throw unavailable(e.getMessage());
            } catch (PeerDomain.Refused e) {
                throw new ProblemException(dev.mooring.kit.rest.Problem.of(e.status(), "peer-refused",
                        "Refused by " + name, e.getMessage()));
            }
        }).replaceWithVoid();
    }

    private PeerState peerState() {
        try {
            return peer.state();
        } catch (PeerDomain.Unreachable e) {
            throw unavailable(e.getMessage() + "; its state cannot be checked (use a failover while it is down)");
        } catch (PeerDomain.Refused e) {
            throw unavailable("the other cluster domain refused to tell its state: " + e.getMessage());
        }
    }

    private String localName() {
        return domains.name().orElseThrow(() -> ProblemException.notFound(
                "This installation is no cluster domain: mooring.dr.domain is not set"));
    }

    static ProblemException unavailable(String detail) {
        return new ProblemException(dev.mooring.kit.rest.Problem.of(503, "domain-unreachable",
                "The other cluster domain cannot be reached", detail));
    }
}
