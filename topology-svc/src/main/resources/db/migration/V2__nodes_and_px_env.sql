-- Every node topology-svc has seen in Kubernetes: what it last reported about it (NodeObserved) and the
-- topology it last derived (NodeTopologyAssigned). Events are emitted only when these change, so a resync or a
-- restart that finds the same node emits nothing. A deleted node keeps its row, marked removed, with its
-- topology cleared: if it comes back, it is announced again.
CREATE TABLE node (
    name                 TEXT PRIMARY KEY,
    removed              BOOLEAN     NOT NULL DEFAULT FALSE,
    -- JSON object of the node's labels (all of them, Mooring's px/* included)
    labels               TEXT        NOT NULL DEFAULT '{}',
    -- comma-separated, from the mooring.dev/iscsi-iqn and mooring.dev/fc-wwns annotations
    iscsi_iqns           TEXT        NOT NULL DEFAULT '',
    fc_wwns              TEXT        NOT NULL DEFAULT '',
    ready                BOOLEAN     NOT NULL DEFAULT FALSE,
    observed_at          TIMESTAMPTZ NOT NULL,
    -- the derived topology; a null value means the level is unset
    topology_assigned    BOOLEAN     NOT NULL DEFAULT FALSE,
    region               TEXT,
    region_source        TEXT,
    zone                 TEXT,
    zone_source          TEXT,
    rack                 TEXT,
    rack_source          TEXT,
    -- JSON arrays of text: conflicting inputs, and those already reported as a Kubernetes Event
    conflicts            TEXT        NOT NULL DEFAULT '[]',
    conflicts_reported   TEXT        NOT NULL DEFAULT '[]',
    topology_changed_at  TIMESTAMPTZ,
    version              BIGINT      NOT NULL DEFAULT 0
);

CREATE INDEX node_live ON node (name) WHERE NOT removed;

-- The topology keys a node agent reported from the node's /etc/pwx/px_env (PX_/PWX_ REGION, ZONE, RACK; no
-- other key is kept). A report may arrive before the node is seen in Kubernetes, so it has its own table.
CREATE TABLE node_px_env (
    node_name       TEXT PRIMARY KEY,
    -- JSON object of key to value
    env             TEXT        NOT NULL,
    reported_at     TIMESTAMPTZ NOT NULL,
    correlation_id  TEXT        NOT NULL
);
