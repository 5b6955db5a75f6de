-- Issues 5 and 6: cloud drives (connected to their owning node's host), takeovers (fence the failed node, then move
-- its drives to the replacement), node liveness as health-svc reports it, and the state of each attachment's path
-- through each array of an ActiveCluster pod.

-- A cloud drive: one array volume of a storage node's pool, connected to the owning node's host on its array.
CREATE TABLE drive (
    id                 TEXT PRIMARY KEY,             -- <array>/<drive name>
    drive_name         TEXT        NOT NULL,
    array_name         TEXT        NOT NULL,
    pool_id            TEXT        NOT NULL,
    node_name          TEXT        NOT NULL,         -- the owner now (moves to the replacement in a takeover)
    serial             TEXT,
    size_bytes         BIGINT,
    purpose            TEXT,
    state              TEXT        NOT NULL,         -- Pending | Attached | Failed | Moving
    failure_reason     TEXT,
    failure_message    TEXT,
    host_name          TEXT,                         -- the owner's host it is connected to, once Attached
    path               TEXT,                         -- JSON: the path (host, protocol, LUN, targets)
    takeover_id        TEXT,                         -- the takeover that moved it last
    previous_node      TEXT,                         -- the owner before that takeover
    correlation_id     TEXT        NOT NULL,
    cause_event_id     UUID,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX drive_node ON drive (node_name);
CREATE INDEX drive_takeover ON drive (takeover_id);

-- A takeover as attach-svc carries it out: the fence of the failed node first, the move of its drives after.
-- The phase is stored so that a restart resumes where it stopped (Fencing -> Fenced -> Moved).
CREATE TABLE takeover (
    takeover_id        TEXT PRIMARY KEY,
    failed_node        TEXT        NOT NULL,
    replacement_node   TEXT        NOT NULL,
    phase              TEXT        NOT NULL,
    attempts           INT         NOT NULL DEFAULT 0,
    last_failure       TEXT,
    removed            TEXT,                         -- JSON: the connections the fence removed
    verified_arrays    TEXT,                         -- comma-separated
    moved              TEXT,                         -- JSON: the connections made for the replacement
    correlation_id     TEXT        NOT NULL,
    cause_event_id     UUID        NOT NULL,
    decided_at         TIMESTAMPTZ NOT NULL,         -- when attach-svc recorded the fence
    fenced_at          TIMESTAMPTZ,
    moved_at           TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX takeover_failed_node ON takeover (failed_node);
CREATE INDEX takeover_phase ON takeover (phase);

-- A node that health-svc reported Offline and that has not recovered (or been taken over) since: reconciliation
-- leaves its connections to NodeRecovered's verification or to the takeover.
CREATE TABLE node_liveness (
    node_name          TEXT PRIMARY KEY,
    offline            BOOLEAN     NOT NULL,
    changed_at         TIMESTAMPTZ NOT NULL
);

-- An ActiveCluster pod's status on one array, as health-svc last reported it.
CREATE TABLE pod_array_status (
    id                 TEXT PRIMARY KEY,             -- <pod>/<array>
    pod_name           TEXT        NOT NULL,
    array_name         TEXT        NOT NULL,
    status             TEXT        NOT NULL,
    changed_at         TIMESTAMPTZ NOT NULL
);

-- The state of an attachment's path through one array (absent = up).
CREATE TABLE path_state (
    id                 TEXT PRIMARY KEY,             -- <attachment id>/<array>
    attachment_id      TEXT        NOT NULL,
    array_name         TEXT        NOT NULL,
    state              TEXT        NOT NULL,         -- up | down
    reason             TEXT        NOT NULL,
    since              TIMESTAMPTZ NOT NULL
);
CREATE INDEX path_state_attachment ON path_state (attachment_id);
ALTER TABLE takeover ADD COLUMN identity_transferred_at TIMESTAMPTZ;
