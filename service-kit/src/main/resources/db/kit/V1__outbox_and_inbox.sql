-- The transactional outbox: events recorded in the same transaction as the state change they report,
-- published to Kafka by the relay afterwards and then deleted.
CREATE TABLE outbox (
    id             BIGSERIAL PRIMARY KEY,
    event_id       UUID        NOT NULL UNIQUE,
    topic          TEXT        NOT NULL,
    record_key     TEXT        NOT NULL,
    event_type     TEXT        NOT NULL,
    correlation_id TEXT        NOT NULL,
    payload        BYTEA       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Wake the relay when a transaction that wrote outbox rows commits (NOTIFY is delivered on commit only).
CREATE FUNCTION outbox_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('mooring_outbox', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- The idempotent consumer: one row per (handler, event) processed, written in the transaction of its effect.
CREATE TABLE inbox (
    handler      TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (handler, event_id)
);
