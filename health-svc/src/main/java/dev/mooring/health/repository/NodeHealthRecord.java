package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A node's stored liveness and the facts the takeover needs (role, zone, initiators). */
@Entity
@Table(name = "node_health")
public class NodeHealthRecord extends PanacheEntityBase {

    @Id
    public String name;

    /** {@link dev.mooring.health.domain.NodeState} by name. */
    @Column(nullable = false)
    public String state;

    @Column(name = "last_heartbeat_at")
    public OffsetDateTime lastHeartbeatAt;

    @Column(name = "online_since")
    public OffsetDateTime onlineSince;

    /** The one instant the scheduler waits for: going Offline, the takeover deadline, or a blocked retry. */
    @Column(name = "next_deadline_at")
    public OffsetDateTime nextDeadlineAt;

    @Column(name = "outage_id")
    public UUID outageId;

    @Column(name = "offline_since")
    public OffsetDateTime offlineSince;

    @Column(name = "takeover_deadline_at")
    public OffsetDateTime takeoverDeadlineAt;

    @Column(name = "takeover_waived", nullable = false)
    public boolean takeoverWaived;

    /** When the takeover deadline passed while takeovers were paused (held); null otherwise. */
    @Column(name = "takeover_held_since")
    public OffsetDateTime takeoverHeldSince;

    /** The latest heartbeat any instance saw while the node was not Online here (applied by the leader). */
    @Column(name = "seen_heartbeat_at")
    public OffsetDateTime seenHeartbeatAt;

    @Column(name = "seen_heartbeat_signal")
    public String seenHeartbeatSignal;

    /** The signals the last transition rested on, comma-separated. */
    @Column(name = "decision_signals")
    public String decisionSignals;

    /** storage | storageless, from NodeStorageRoleAssigned / NodeIdentityTransferred; null until known. */
    public String role;

    @Column(name = "pool_id")
    public String poolId;

    public String region;

    public String zone;

    @Column(name = "initiators_known", nullable = false)
    public boolean initiatorsKnown;

    /** The Node's Ready condition (True, False, Unknown) as last seen. */
    public String ready;

    @Column(nullable = false)
    public boolean removed;

    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
