-- Issue 4: attach and detach. attach-svc now also keeps, for each known volume, what the provisioner said about
-- sharing (access modes, volume mode: the single-writer rule reads them), each node's initiators, the host
-- objects it made on the arrays, and the attachments (a volume wanted on a node) with their outcome.

ALTER TABLE known_volume
    ADD COLUMN access_modes TEXT NOT NULL DEFAULT '',
    ADD COLUMN volume_mode  TEXT;

-- A node's initiators, from its annotations and from its agent; the effective ones are what hosts carry.
CREATE TABLE node_initiators (
    node_name            TEXT PRIMARY KEY,
    annotation_iqns      TEXT        NOT NULL DEFAULT '',
    annotation_wwns      TEXT        NOT NULL DEFAULT '',
    annotation_problems  TEXT,
    agent_iqns           TEXT        NOT NULL DEFAULT '',
    agent_wwns           TEXT        NOT NULL DEFAULT '',
    source               TEXT        NOT NULL,
    iqns                 TEXT        NOT NULL DEFAULT '',
    wwns                 TEXT        NOT NULL DEFAULT '',
    updated_at           TIMESTAMPTZ NOT NULL
);

-- The host object Mooring made (or adopted) for a node on an array: the only hosts reconciliation touches.
CREATE TABLE node_host (
    id          TEXT PRIMARY KEY,             -- <array>/<node>
    node_name   TEXT        NOT NULL,
    array_name  TEXT        NOT NULL,
    host_name   TEXT        NOT NULL,
    origin      TEXT        NOT NULL,         -- created | adopted
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX node_host_node_array ON node_host (node_name, array_name);
CREATE UNIQUE INDEX node_host_array_host ON node_host (array_name, lower(host_name));

-- One attachment: a volume wanted on a node, from a VolumeAttachment (id = its name) or the REST API (a UUID).
CREATE TABLE attachment (
    id                 TEXT PRIMARY KEY,
    volume_id          TEXT        NOT NULL,
    node_name          TEXT        NOT NULL,
    source             TEXT        NOT NULL,  -- VolumeAttachment | api
    state              TEXT        NOT NULL,
    failure_reason     TEXT,
    failure_message    TEXT,
    failure_retryable  BOOLEAN,
    paths              TEXT,                  -- JSON: one path per array (host, protocol, LUN, targets)
    serial             TEXT,
    correlation_id     TEXT        NOT NULL,
    last_event_id      UUID,
    requested_at       TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachment_volume ON attachment (volume_id);
CREATE INDEX attachment_node ON attachment (node_name);
CREATE INDEX attachment_state ON attachment (state);
