package dev.mooring.health.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.health.domain.TakeoverGate;
import dev.mooring.health.repository.Times;
import java.time.OffsetDateTime;
import java.util.List;

/** Every node health-svc knows, whether takeovers are paused, and which instance decides. */
public record NodeListView(LeaderView leader, TakeoversView takeovers, List<NodeView> nodes) {

    /**
     * Which instance holds the leader lease of liveness decisions ({@code holder}, null while none does, until
     * {@code expiresAt}), and whether it is the instance that answered ({@code thisInstance}, {@code leading}).
     */
    public record LeaderView(String lease, String holder, OffsetDateTime expiresAt, String thisInstance,
                             boolean leading) {
    }

    /**
     * Whether takeovers are paused and why ({@code MassSilence}, {@code ApiServerUnreachable}, {@code ApiServerStale}),
     * since when, and when the last pause ended (a node still silent then is taken over one grace period later).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TakeoversView(boolean paused, List<ReasonView> reasons, OffsetDateTime since,
                                OffsetDateTime resumedAt) {

        static TakeoversView of(TakeoverGate.State s) {
            return new TakeoversView(s.paused(), s.causes().stream()
                    .map(c -> new ReasonView(c.reason().name(), c.message())).toList(), Times.stored(s.since()),
                    Times.stored(s.resumedAt()));
        }
    }

    /** One reason for a pause: its stable code and what was seen. */
    public record ReasonView(String reason, String message) {
    }
}
