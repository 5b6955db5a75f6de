package dev.mooring.attach.service;

import dev.mooring.attach.array.HostOutcome;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeHostRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/** The record of which host Mooring made (or adopted) for which node on which array: what it may touch. */
@ApplicationScoped
public class NodeHosts {

    private static final Logger LOG = Logger.getLogger(NodeHosts.class);

    @Inject
    NodeHostRepository hosts;

    @Inject
    Clock clock;

    /** The node's hosts by array, in the caller's session. */
    public Uni<Map<String, NodeHost>> ofNode(String node) {
        return hosts.ofNode(node).map(list -> list.stream()
                .collect(Collectors.toMap(h -> h.arrayName, Function.identity())));
    }

    /** Every host record, in its own session. */
    public Uni<List<NodeHost>> all() {
        return Panache.withSession(() -> hosts.listAll());
    }

    /** Records (in its own transaction) that the host is the node's on the array. */
    public Uni<Void> remember(String array, String node, String host, HostOutcome outcome) {
        return Panache.withTransaction(() -> hosts.find(array, node).chain(existing -> {
                    NodeHost h = existing != null ? existing : new NodeHost();
                    h.id = NodeHost.idOf(array, node);
                    h.nodeName = node;
                    h.arrayName = array;
                    h.hostName = host;
                    if (existing == null || outcome.madeOrAdopted()) {
                        h.origin = outcome == HostOutcome.adopted ? NodeHost.ADOPTED : NodeHost.CREATED;
                    }
                    h.updatedAt = OffsetDateTime.now(clock);
                    if (existing == null) {
                        LOG.infof("node=%s array=%s host=%s %s", node, array, host, outcome);
                        return hosts.persist(h).replaceWithVoid();
                    }
                    return Uni.createFrom().voidItem();
                }))
                // Two attachments of the node on two volumes made it at once: the other one recorded it.
                .onFailure(ConstraintViolationException.class).recoverWithNull().replaceWithVoid();
    }
}
