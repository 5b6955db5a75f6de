package dev.mooring.attach.service;

import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gives each host of a node whose fence was lifted its recorded initiators again (the fence took them away), under
 * the node's fence epoch: if the node is fenced again meanwhile, nothing is given back. Failures are logged; the
 * reconciliation pass keeps the hosts' initiators in line afterwards.
 */
@ApplicationScoped
public class RestoreInitiators {

    private static final Logger LOG = Logger.getLogger(RestoreInitiators.class);

    @Inject
    NodeHosts nodeHosts;

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    ArraySteps steps;

    @Inject
    NodeFences fences;

    /** Restores the node's recorded initiators on each of its hosts. */
    public Uni<Void> of(String node) {
        return Panache.withSession(() -> nodes.findById(node).chain(r -> nodeHosts.ofNode(node)
                .map(hosts -> new Recorded(r == null ? NodeInitiators.none() : r.effective(), hosts))))
                .chain(found -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    if (found.initiators().isEmpty()) {
                        return chain;
                    }
                    for (NodeHost h : found.hosts().values()) {
                        chain = chain.chain(() -> restore(node, h, found.initiators()));
                    }
                    return chain;
                });
    }

    private record Recorded(NodeInitiators initiators, Map<String, NodeHost> hosts) {
    }

    private Uni<Void> restore(String node, NodeHost h, NodeInitiators initiators) {
        return fences.whileUnfenced(node, epoch -> steps.ensureHost(h.arrayName, h.hostName, node, initiators, true),
                        fenced -> Uni.createFrom().nullItem())
                .invoke(outcome -> LOG.infof("node=%s array=%s host=%s initiators restored: %s", node, h.arrayName,
                        h.hostName, outcome))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("node=%s array=%s host=%s initiators not restored: %s", node, h.arrayName, h.hostName,
                            e.getMessage());
                    return Uni.createFrom().nullItem();
                }).replaceWithVoid();
    }
}
