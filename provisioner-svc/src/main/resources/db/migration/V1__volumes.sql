-- Volumes as the provisioner knows them. A name is unique among volumes that are not deleted, so a name
-- can be used again once its volume is gone.
CREATE TABLE volume (
    id                 UUID PRIMARY KEY,
    name               TEXT        NOT NULL,
    size_bytes         BIGINT      NOT NULL,
    backend            TEXT        NOT NULL,
    pod_name           TEXT,
    max_iops           BIGINT,
    max_bandwidth      BIGINT,
    parameters         TEXT        NOT NULL,
    state              TEXT        NOT NULL,
    array_volume_name  TEXT        NOT NULL,
    arrays             TEXT        NOT NULL DEFAULT '',
    serial             TEXT,
    failure_reason     TEXT,
    failure_message    TEXT,
    failure_retryable  BOOLEAN,
    correlation_id     TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    version            BIGINT      NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX volume_live_name ON volume (name) WHERE state <> 'Deleted';
CREATE INDEX volume_state ON volume (state);
