package dev.mooring.topology.scheduling;

import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.service.LocalDomain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Optional;

/**
 * This installation as cluster domain {@code site-sched}, whose state a test sets — enabled only by
 * {@link SchedulerExtenderIT}'s profile. It stands in for ClusterDomains, whose start with {@code mooring.dr.domain}
 * set cannot run yet (Panache at StartupEvent without a Vert.x context); the extender only reads name and state.
 */
@Alternative
@ApplicationScoped
public class SettableLocalDomain implements LocalDomain {

    static final String NAME = "site-sched";

    private volatile DomainState state = DomainState.active;

    @Override
    public Optional<String> name() {
        return Optional.of(NAME);
    }

    @Override
    public DomainState state() {
        return state;
    }

    void set(DomainState state) {
        this.state = state;
    }
}
