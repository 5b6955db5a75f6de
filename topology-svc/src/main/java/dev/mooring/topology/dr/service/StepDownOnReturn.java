package dev.mooring.topology.dr.service;

import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.topology.dr.DrConfig;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.domain.PeerState;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * A domain that was failed over while it was away returns still marked active. Every {@code peer-check-interval} an
 * active domain asks the other for its epoch; when the other was activated after this one, this one steps down
 * (inactive, its migrated applications scaled to zero) before anyone runs them twice.
 */
@ApplicationScoped
public class StepDownOnReturn {

    private static final Logger LOG = Logger.getLogger(StepDownOnReturn.class);

    @Inject
    DrConfig config;

    @Inject
    ClusterDomains domains;

    @Inject
    PeerDomain peer;

    @Inject
    DomainActivation activation;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    void onStart(@Observes StartupEvent event) {
        if (config.domain().isPresent()) {
            background.periodic("dr-step-down-on-return", config.peerCheckInterval(), this::check);
        }
    }

    /** One look at the other domain. */
    public Uni<Void> check() {
        if (domains.state() != DomainState.active) {
            return Uni.createFrom().voidItem();
        }
        return contexts.blocking(this::peerState).chain(other -> {
            if (other == null || other.state() != DomainState.active || other.epoch() <= domains.epoch()) {
                return Uni.createFrom().voidItem();
            }
            LOG.warnf("Cluster domain %s is active with epoch %d, after this one (epoch %d): stepping down",
                    other.name(), other.epoch(), domains.epoch());
            return activation.stepDown(other.epoch(), other.name() + " was activated while this domain was away (epoch "
                    + other.epoch() + ")").replaceWithVoid();
        });
    }

    private PeerState peerState() {
        try {
            return peer.state();
        } catch (PeerDomain.Unreachable | PeerDomain.Refused e) {
            return null; // nothing to learn now; the next look may
        }
    }
}
