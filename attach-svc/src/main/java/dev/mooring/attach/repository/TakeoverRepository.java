package dev.mooring.attach.repository;

import dev.mooring.attach.domain.TakeoverPhase;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Takeovers; callers open the session or transaction. */
@ApplicationScoped
public class TakeoverRepository implements PanacheRepositoryBase<Takeover, String> {

    /** Takeovers in which the node is the failed one, oldest first. */
    public Uni<List<Takeover>> ofFailedNode(String node) {
        return list("failedNode", Sort.by("decidedAt"), node);
    }

    /** Takeovers not finished yet (a restart or the retry loop resumes them). */
    public Uni<List<Takeover>> unfinished() {
        return list("phase <> ?1", Sort.by("decidedAt"), TakeoverPhase.Moved);
    }
}
