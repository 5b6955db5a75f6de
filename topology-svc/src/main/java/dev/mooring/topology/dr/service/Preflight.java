package dev.mooring.topology.dr.service;

import dev.mooring.topology.dr.DrConfig;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.domain.PeerState;
import dev.mooring.topology.dr.domain.PreflightCheck;
import dev.mooring.topology.dr.domain.StretchedPod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A failover's one decision over its three inputs — the witness, the arrays' Mediator verdict (each stretched pod
 * online on this site's array) and the domains' states — plus the age of the last migration of each namespace it
 * would bring up. Blocking (it asks the witness, the other domain and the Kubernetes API).
 */
@ApplicationScoped
public class Preflight {

    @Inject
    DrConfig config;

    @Inject
    ClusterDomains domains;

    @Inject
    PeerDomain peer;

    @Inject
    Witness witness;

    @Inject
    ApplicationWorkloads workloads;

    @Inject
    KubernetesClient kubernetes;

    public FailoverPlan failover(String failed, boolean force, List<StretchedPod> pods) {
        String here = domains.name().orElseThrow();
        List<PreflightCheck> checks = new ArrayList<>();
        Witness.Probe third = witness.probe();
        checks.add(new PreflightCheck("witness-reachable", third.reachable(), third.reachable()
                ? "the witness at " + third.url() + " answers: this site is not the one cut off"
                : "the witness cannot be reached (" + third.error() + "): this site may be the one cut off"));

        long peerEpoch = 0;
        String peerDetail;
        try {
            PeerState other = peer.state();
            peerEpoch = other.epoch();
            peerDetail = failed + " answers and is " + other.state() + (other.state() == DomainState.active
                    ? ": it will be told to step down" : "");
        } catch (PeerDomain.Unreachable | PeerDomain.Refused e) {
            peerDetail = failed + " does not answer (" + e.getMessage() + "): it steps down when it returns";
        }
        boolean alreadyActive = domains.state() == DomainState.active;
        checks.add(new PreflightCheck("domains", !alreadyActive, alreadyActive ? here + " is already active" : here
                + " is inactive; " + peerDetail));

        List<StretchedPod> ours = pods.stream().filter(p -> p.arrays().stream().anyMatch(m -> here.equals(m.domain())))
                .toList();
        if (ours.isEmpty()) {
            checks.add(new PreflightCheck("pods-online-here", false, "no stretched pod has an array in " + here
                    + " (mooring.dr.arrays = " + config.arrays().map(Object::toString).orElse("unset")
                    + ") or no array answered"));
        }
        for (StretchedPod pod : ours) {
            boolean online = pod.onlineIn(here);
            String states = String.join(", ", pod.arrays().stream().map(m -> m.array() + " " + m.status()).toList());
            checks.add(new PreflightCheck("pod-online-here:" + pod.name(), online, online
                    ? pod.name() + " is online on " + here + "'s array (" + states + ")"
                    : pod.name() + " is not online on any array of " + here + " (" + states
                            + "): the Mediator did not choose this site, its volumes cannot be served here"));
        }

        List<String> namespaces = workloads.protectedNamespaces(kubernetes, failed);
        if (namespaces.isEmpty()) {
            checks.add(new PreflightCheck("migrated-applications", false, "no application was migrated from " + failed
                    + " to this cluster: nothing to bring up"));
        }
        for (String namespace : namespaces) {
            Optional<Instant> last = workloads.lastMigration(kubernetes, namespace);
            Duration age = last.map(at -> Duration.between(at, Instant.now())).orElse(null);
            boolean fresh = age != null && age.compareTo(config.maxMigrationAge()) <= 0;
            String detail = age == null ? namespace + " has no finished migration"
                    : namespace + " was last migrated " + age.toSeconds() + " s ago (at most "
                            + config.maxMigrationAge().toSeconds() + " s)";
            checks.add(new PreflightCheck("migration-age:" + namespace, fresh || force,
                    fresh ? detail : detail + (force ? "; forced" : "; use force to fail over with it")));
        }
        long epoch = Math.max(domains.epoch(), peerEpoch) + 1;
        List<String> steps = List.of(
                "deactivate " + failed + " (told to step down now if it answers, else when it returns)",
                "activate " + here + " with epoch " + epoch,
                "scale the workloads migrated from " + failed + " in " + namespaces + " up to their recorded replicas");
        return new FailoverPlan(failed, here, epoch, checks, namespaces, steps);
    }
}
