-- Pool-backed volumes (no backend): how many replicas, and why they were placed where they are (or why they
-- could not be placed) as a JSON array of reasons, shown by GET /api/v1/volumes/{id}. The replicas themselves
-- are rows of volume_replica (V3, pools).
ALTER TABLE volume ADD COLUMN repl      INT;
ALTER TABLE volume ADD COLUMN placement TEXT;

-- Failed volumes are looked up by reason to be retried (placement when capacity appears, pods when an array
-- serves again).
CREATE INDEX volume_failed_reason ON volume (failure_reason) WHERE state = 'Failed';

-- The last status health-svc reported for each stretched pod on each array (PodArrayStatusChanged). A pod that
-- has rows and none 'online' is served by no array: new volumes in it are refused until one is online again.
CREATE TABLE pod_array_status (
    pod_name     TEXT        NOT NULL,
    array_name   TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    progress     DOUBLE PRECISION,
    observed_at  TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pod_name, array_name)
);
