-- Durable work: what must outlast a Kafka record's processing limit or a restart (array calls under faults,
-- events parked after failing past their retry budget). One key's jobs run one at a time, in id order; an
-- instance holds a job by a lease (locked_by / locked_until) and finishes it only while it still holds it.
CREATE TABLE kit_jobs (
    id             BIGSERIAL   PRIMARY KEY,
    kind           TEXT        NOT NULL,
    job_key        TEXT        NOT NULL,
    payload        TEXT        NOT NULL,
    correlation_id TEXT,
    attempts       INT         NOT NULL DEFAULT 0,
    run_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_by      TEXT,
    locked_until   TIMESTAMPTZ,
    last_error     TEXT,
    -- consecutive runs that failed with last_error: too many and the job is dead-lettered
    failure_streak INT         NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX kit_jobs_key ON kit_jobs (job_key, id);
CREATE INDEX kit_jobs_due ON kit_jobs (run_at);

CREATE FUNCTION kit_jobs_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('mooring_jobs', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER kit_jobs_notify AFTER INSERT ON kit_jobs FOR EACH STATEMENT EXECUTE FUNCTION kit_jobs_notify();

-- What could never be handled, with why: listed by GET /api/v1/dead-letters, sent back by .../replay.
CREATE TABLE kit_dead_letters (
    id              BIGSERIAL   PRIMARY KEY,
    channel         TEXT        NOT NULL,
    topic           TEXT        NOT NULL,
    kafka_partition INT,
    kafka_offset    BIGINT,
    record_key      TEXT,
    event_id        UUID,
    event_type      TEXT,
    correlation_id  TEXT,
    reason          TEXT        NOT NULL,
    attempts        INT         NOT NULL DEFAULT 1,
    payload         BYTEA       NOT NULL,
    dead_lettered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    replayed_at     TIMESTAMPTZ
);
CREATE INDEX kit_dead_letters_pending ON kit_dead_letters (dead_lettered_at) WHERE replayed_at IS NULL;

-- Extra Kafka headers of an outbox row (a dead letter's reason), as JSON.
ALTER TABLE outbox ADD COLUMN headers TEXT;

-- An array operation's intent, recorded before its first call and reused by every retry and re-request:
-- the array and object name it is about, so a retry never goes to another array.
CREATE TABLE kit_array_intents (
    intent_key  TEXT        NOT NULL,
    operation   TEXT        NOT NULL,
    array_name  TEXT        NOT NULL,
    object_name TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (intent_key, operation)
);

-- Kubernetes Events recorded in the transaction of the outcome they report, written to the API server
-- after the commit by the kit's relay (so a rolled-back outcome never shows, and a committed one is not lost).
CREATE TABLE kit_kube_events (
    id          BIGSERIAL   PRIMARY KEY,
    namespace   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    body        TEXT        NOT NULL,
    attempts    INT         NOT NULL DEFAULT 0,
    next_try_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE FUNCTION kit_kube_events_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('mooring_kube_events', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER kit_kube_events_notify AFTER INSERT ON kit_kube_events FOR EACH STATEMENT EXECUTE FUNCTION kit_kube_events_notify();
