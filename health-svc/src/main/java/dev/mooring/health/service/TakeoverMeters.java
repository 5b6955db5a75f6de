package dev.mooring.health.service;

import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.health.repository.TakeoverRecord;
import dev.mooring.health.repository.TakeoverRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * The takeovers' meters. {@code mooring.takeover.phase} (histogram, seconds, label {@code phase}) times each phase
 * from the previous one's time to its own: {@code decided} from the node's last heartbeat, {@code fenced},
 * {@code drives_moved}, {@code identity_transferred}, and {@code completed} for the whole takeover from the last
 * heartbeat. {@code mooring.takeovers.blocked} is the number of takeovers blocked now (no replacement), as the store
 * said at this instance's last liveness pass.
 */
@ApplicationScoped
public class TakeoverMeters {

    static final String PHASE = "mooring.takeover.phase";
    static final String BLOCKED = "mooring.takeovers.blocked";
    static final List<String> PHASES = List.of("decided", "fenced", "drives_moved", "identity_transferred",
            "completed");

    @Inject
    MeterRegistry metrics;

    @Inject
    TakeoverRepository takeovers;

    private final AtomicLong blocked = new AtomicLong();

    @PostConstruct
    void register() {
        PHASES.forEach(this::timer);
        Gauge.builder(BLOCKED, blocked, AtomicLong::get)
                .description("Takeovers blocked now: due, but no replacement could be chosen").register(metrics);
    }

    /** A takeover was decided (its node's outage to the decision). */
    void decided(TakeoverRecord t) {
        record("decided", t.lastHeartbeatAt, t.decidedAt);
    }

    /** After the transaction that recorded {@code event}'s phase on {@code t} committed. */
    void reached(SpecificRecord event, TakeoverRecord t) {
        if (event instanceof NodeFenced) {
            record("fenced", t.decidedAt, t.fencedAt);
        } else if (event instanceof DrivesMoved) {
            record("drives_moved", t.fencedAt, t.drivesMovedAt);
        } else if (event instanceof NodeIdentityTransferred) {
            record("identity_transferred", t.drivesMovedAt, t.identityTransferredAt);
            record("completed", t.lastHeartbeatAt, t.completedAt);
        }
    }

    /** Reads how many takeovers are blocked now (its own session: called between the liveness pass's transactions). */
    Uni<Void> refreshBlocked() {
        return Panache.withSession(() -> takeovers.count("status", TakeoverRecord.Status.Blocked.name()))
                .invoke(blocked::set).replaceWithVoid();
    }

    private void record(String phase, OffsetDateTime from, OffsetDateTime to) {
        if (from != null && to != null) {
            timer(phase).record(Duration.between(from, to).abs());
        }
    }

    private Timer timer(String phase) {
        return Timer.builder(PHASE).description("A takeover phase, from the previous phase's time to its own")
                .tag("phase", phase).register(metrics);
    }
}
