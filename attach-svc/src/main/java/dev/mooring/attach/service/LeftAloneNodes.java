package dev.mooring.attach.service;

import dev.mooring.attach.repository.NodeLivenessRepository;
import dev.mooring.attach.repository.TakeoverRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;

/**
 * The nodes whose connections reconciliation neither restores nor removes: offline nodes (waiting for their recovery
 * or takeover) and the failed nodes of unfinished takeovers (their connections belong to the fence).
 */
@ApplicationScoped
public class LeftAloneNodes {

    @Inject
    NodeLivenessRepository liveness;

    @Inject
    TakeoverRepository takeovers;

    /** The nodes left alone now, read in the caller's session. */
    public Uni<Set<String>> now() {
        return liveness.offlineNodes().chain(offline -> takeovers.unfinished().map(open -> {
            Set<String> all = new HashSet<>(offline);
            open.forEach(t -> all.add(t.failedNode));
            return all;
        }));
    }
}
