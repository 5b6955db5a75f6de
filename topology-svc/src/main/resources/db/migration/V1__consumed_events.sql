-- How many events of each type topology-svc has consumed, and when the last one happened and was consumed:
-- its /api/v1/status. Written by the consumers, in the transaction that claims each event in the inbox.
CREATE TABLE consumed_event (
    event_type        TEXT PRIMARY KEY,
    topic             TEXT        NOT NULL,
    event_count       BIGINT      NOT NULL,
    last_occurred_at  TIMESTAMPTZ NOT NULL,
    last_consumed_at  TIMESTAMPTZ NOT NULL
);
