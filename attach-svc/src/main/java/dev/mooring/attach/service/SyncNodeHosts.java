package dev.mooring.attach.service;

import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.array.HostOutcome;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeHostRepository;
import dev.mooring.attach.repository.NodeInitiatorsRecord;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Brings the initiators of a node's hosts (those Mooring made or adopted) in line with the node's: the
 * {@code add_…}/{@code remove_…} lists of a host PATCH. A node whose initiators are all gone keeps its hosts as
 * they are: emptying a host would cut the node off its volumes on a typo.
 */
@ApplicationScoped
public class SyncNodeHosts {

    private static final Logger LOG = Logger.getLogger(SyncNodeHosts.class);

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    NodeHostRepository hosts;

    @Inject
    ArraySteps steps;

    @Inject
    NodeFences fences;

    /** Syncs the hosts of every node that has one of {@code known}; returns how many changed. */
    public Uni<Integer> syncAll(List<NodeHost> known) {
        Set<String> nodesWithHosts = new TreeSet<>();
        known.forEach(h -> nodesWithHosts.add(h.nodeName));
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (String node : nodesWithHosts) {
            chain = chain.chain(n -> sync(node).onFailure().recoverWithItem(0).map(c -> n + c));
        }
        return chain;
    }

    /** Syncs every host of the node; returns how many changed. Failures are logged, not thrown. */
    public Uni<Integer> sync(String node) {
        return Panache.withSession(() -> nodes.findById(node)
                        .chain(record -> hosts.ofNode(node).map(list -> new Work(record, list))))
                .chain(work -> {
                    NodeInitiators wanted = work.record() == null ? NodeInitiators.none() : work.record().effective();
                    if (wanted.isEmpty() || work.hosts().isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (NodeHost h : work.hosts()) {
                        chain = chain.chain(count -> syncOne(h, wanted).map(changed -> changed ? count + 1 : count));
                    }
                    return chain;
                });
    }

    private record Work(NodeInitiatorsRecord record, List<NodeHost> hosts) {
    }

    private Uni<Boolean> syncOne(NodeHost h, NodeInitiators wanted) {
        if (!steps.registered(h.arrayName)) {
            return Uni.createFrom().item(false);
        }
        // Under the node's fence epoch: a fenced host's initiators were taken away on purpose and stay away. The
        // record is read again under it: a host the inventory deleted (its node gone) meanwhile is not made again.
        return fences.whileUnfenced(h.nodeName, epoch -> hosts.find(h.arrayName, h.nodeName).chain(still -> still == null
                                ? Uni.createFrom().item(false)
                                : steps.ensureHost(h.arrayName, h.hostName, h.nodeName, wanted, true).map(outcome ->
                                        outcome == HostOutcome.changed || outcome == HostOutcome.created)),
                        fenced -> Uni.createFrom().item(false))
                .onFailure(ArrayStepException.class).recoverWithItem(e -> {
                    LOG.warnf("node=%s array=%s host=%s initiators not updated: %s", h.nodeName, h.arrayName,
                            h.hostName, e.getMessage());
                    return false;
                });
    }
}
