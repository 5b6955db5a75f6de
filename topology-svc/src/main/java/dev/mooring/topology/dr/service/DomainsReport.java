package dev.mooring.topology.dr.service;

import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.rest.ProblemException;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.domain.PeerState;
import dev.mooring.topology.dr.repository.DomainRecord;
import dev.mooring.topology.dr.rest.ClusterDomainsView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Puts together what {@code GET /api/v1/cluster-domains} shows: both domains, the witness, the pods. */
@ApplicationScoped
public class DomainsReport {

    @Inject
    ClusterDomains domains;

    @Inject
    PeerDomain peer;

    @Inject
    PairingSecret pairing;

    @Inject
    Witness witness;

    @Inject
    StretchedPods pods;

    @Inject
    SafeContexts contexts;

    public Uni<ClusterDomainsView> view() {
        String local = domains.name().orElseThrow(() -> ProblemException.notFound(
                "This installation is no cluster domain: mooring.dr.domain is not set"));
        Uni<DomainRecord> self = Panache.withSession(() -> domains.stored()).map(o -> o.orElseThrow());
        Uni<Other> other = contexts.blocking(this::other);
        Uni<Witness.Probe> third = contexts.blocking(witness::probe);
        return Uni.combine().all().unis(self, other, third, pods.read()).asTuple().map(t -> {
            DomainRecord record = t.getItem1();
            Other o = t.getItem2();
            List<ClusterDomainsView.Domain> list = new ArrayList<>();
            list.add(new ClusterDomainsView.Domain(record.name, true, record.state, record.epoch, true,
                    record.changedAt.toInstant(), record.reason, null, null));
            list.add(o.view());
            List<String> warnings = new ArrayList<>();
            if (o.state != null) {
                boolean bothActive = o.state.state() == DomainState.active && DomainState.active.name().equals(record.state);
                boolean noneActive = o.state.state() == DomainState.inactive && DomainState.inactive.name().equals(record.state);
                if (bothActive) {
                    warnings.add("both domains are active: deactivate one (the one activated last, epoch "
                            + Math.max(o.state.epoch(), record.epoch) + ", should stay)");
                } else if (noneActive) {
                    warnings.add("no domain is active: activate one");
                }
            }
            return new ClusterDomainsView(local, record.epoch, list,
                    new ClusterDomainsView.WitnessView(t.getItem3().url(), t.getItem3().reachable(), t.getItem3().error()),
                    t.getItem4(), warnings);
        });
    }

    private Other other() {
        PairingSecret.Result read = pairing.read();
        if (read.pairing().isEmpty()) {
            return new Other(null, null, null, read.problem());
        }
        String name = read.pairing().get().domain();
        String endpoint = read.pairing().get().endpoint();
        try {
            return new Other(name, endpoint, peer.state(), null);
        } catch (PeerDomain.Unreachable | PeerDomain.Refused e) {
            return new Other(name, endpoint, null, e.getMessage());
        }
    }

    private record Other(String name, String endpoint, PeerState state, String error) {
        ClusterDomainsView.Domain view() {
            return state == null
                    ? new ClusterDomainsView.Domain(name, false, null, null, false, null, null, endpoint, error)
                    : new ClusterDomainsView.Domain(name, false, state.state().name(), state.epoch(), true,
                            state.changedAt(), state.reason(), endpoint, null);
        }
    }
}
