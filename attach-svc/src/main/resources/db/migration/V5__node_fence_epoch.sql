-- Issue 13: the order between a node's fence and any connect to its hosts lives here, not in a process.
-- A fence takes the node's row FOR UPDATE, sets fenced and raises the epoch; every connect to one of the node's hosts
-- holds the same row FOR SHARE across its check and its array call, and refuses when fenced. So a connect either
-- committed before the fence (which then sees it on the array and removes it) or sees the fence and makes nothing.
CREATE TABLE node_fence (
    node_name          TEXT PRIMARY KEY,
    epoch              BIGINT      NOT NULL DEFAULT 0,
    fenced             BOOLEAN     NOT NULL DEFAULT FALSE,
    takeover_id        TEXT,                         -- the takeover that fenced it last
    reason             TEXT,                         -- why it was fenced or unfenced last
    changed_at         TIMESTAMPTZ NOT NULL
);

-- The epoch each connection to a node's host was made under (the latest one per array, host and volume).
CREATE TABLE host_connect (
    array_name         TEXT        NOT NULL,
    host_name          TEXT        NOT NULL,
    volume_name        TEXT        NOT NULL,
    node_name          TEXT        NOT NULL,
    epoch              BIGINT      NOT NULL,
    connected_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (array_name, host_name, volume_name)
);
CREATE INDEX host_connect_node ON host_connect (node_name);

-- A fence that an array cannot confirm says why (per array), and an operator may confirm it in its stead.
ALTER TABLE takeover ADD COLUMN unconfirmed TEXT;              -- JSON: array -> why it is not confirmed
ALTER TABLE takeover ADD COLUMN overridden_arrays TEXT;        -- comma-separated: confirmed by an operator
ALTER TABLE takeover ADD COLUMN override_by TEXT;
ALTER TABLE takeover ADD COLUMN override_reason TEXT;
ALTER TABLE takeover ADD COLUMN override_at TIMESTAMPTZ;
