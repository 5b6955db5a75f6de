-- The volumes attach-svc has heard of from the provisioner (VolumeProvisioned, VolumeDeleted): what it will
-- connect to hosts. Written only by the volume-events consumer, in the transaction that claims the event.
CREATE TABLE known_volume (
    volume_id          TEXT PRIMARY KEY,
    array_volume_name  TEXT,
    arrays             TEXT        NOT NULL DEFAULT '',
    serial             TEXT,
    size_bytes         BIGINT,
    pod_name           TEXT,
    state              TEXT        NOT NULL,
    last_event_id      UUID        NOT NULL,
    correlation_id     TEXT        NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

CREATE INDEX known_volume_state ON known_volume (state);
