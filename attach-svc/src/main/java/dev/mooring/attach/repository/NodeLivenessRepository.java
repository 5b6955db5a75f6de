package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Node liveness as health-svc reports it; callers open the session or transaction. */
@ApplicationScoped
public class NodeLivenessRepository implements PanacheRepositoryBase<NodeLiveness, String> {

    @Inject
    Clock clock;

    /** Records the node offline or back. */
    public Uni<Void> mark(String node, boolean offline) {
        return findById(node).chain(found -> {
            NodeLiveness l = found != null ? found : new NodeLiveness();
            l.nodeName = node;
            l.offline = offline;
            l.changedAt = OffsetDateTime.now(clock);
            return found != null ? Uni.createFrom().voidItem() : persist(l).replaceWithVoid();
        });
    }

    public Uni<Set<String>> offlineNodes() {
        return list("offline", true).map(ls -> ls.stream().map(l -> l.nodeName).collect(Collectors.toSet()));
    }

    public Uni<List<NodeLiveness>> all() {
        return listAll();
    }
}
