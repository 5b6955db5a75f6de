-- The placeholder's event counter is gone: health-svc now keeps node liveness, takeovers and pod health.
DROP TABLE IF EXISTS consumed_event;

-- One row per node: its liveness (the stored state machine), and the facts the replacement choice needs.
-- next_deadline_at is the ONE column the scheduler queries: going Offline (last heartbeat + grace), the takeover
-- deadline (last heartbeat + takeover-after, fixed when the node went Offline), or a blocked takeover's retry.
-- version guards every transition: a change commits only against the version it read.
CREATE TABLE node_health (
    name                  TEXT PRIMARY KEY,
    state                 TEXT        NOT NULL,
    last_heartbeat_at     TIMESTAMPTZ,
    online_since          TIMESTAMPTZ,
    next_deadline_at      TIMESTAMPTZ,
    outage_id             UUID,
    offline_since         TIMESTAMPTZ,
    takeover_deadline_at  TIMESTAMPTZ,
    takeover_waived       BOOLEAN     NOT NULL DEFAULT false,
    decision_signals      TEXT,
    role                  TEXT,
    pool_id               TEXT,
    region                TEXT,
    zone                  TEXT,
    initiators_known      BOOLEAN     NOT NULL DEFAULT false,
    ready                 TEXT,
    removed               BOOLEAN     NOT NULL DEFAULT false,
    version               BIGINT      NOT NULL DEFAULT 0,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX node_health_due ON node_health (next_deadline_at) WHERE next_deadline_at IS NOT NULL;
CREATE INDEX node_health_zone ON node_health (region, zone) WHERE role = 'storageless';

-- One row per takeover (= per outage of a storage node past its deadline); id = the outage id, so a second
-- decision for the same outage cannot be inserted. Each phase's time comes from the event that reported it.
CREATE TABLE takeover (
    id                        UUID PRIMARY KEY,
    failed_node               TEXT        NOT NULL,
    replacement_node          TEXT,
    region                    TEXT,
    zone                      TEXT,
    status                    TEXT        NOT NULL,
    last_heartbeat_at         TIMESTAMPTZ NOT NULL,
    deadline_at               TIMESTAMPTZ NOT NULL,
    signals                   TEXT,
    blocked_reason            TEXT,
    blocked_message           TEXT,
    blocked_at                TIMESTAMPTZ,
    decided_at                TIMESTAMPTZ,
    fenced_at                 TIMESTAMPTZ,
    fencing_failed_at         TIMESTAMPTZ,
    fencing_failure_reason    TEXT,
    drives_moved_at           TIMESTAMPTZ,
    identity_transferred_at   TIMESTAMPTZ,
    completed_at              TIMESTAMPTZ,
    abandoned_at              TIMESTAMPTZ,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX takeover_failed_node ON takeover (failed_node, created_at);
-- A node replaces at most one failed node at a time, even when two instances decide at once.
CREATE UNIQUE INDEX takeover_replacement_in_flight ON takeover (replacement_node)
    WHERE replacement_node IS NOT NULL AND completed_at IS NULL AND abandoned_at IS NULL;

-- The last status of each array of each stretched pod: a restart does not announce unchanged ones again.
CREATE TABLE pod_array_status (
    pod              TEXT        NOT NULL,
    array_name       TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    progress         DOUBLE PRECISION,
    mediator_status  TEXT,
    changed_at       TIMESTAMPTZ NOT NULL,
    observed_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pod, array_name)
);
