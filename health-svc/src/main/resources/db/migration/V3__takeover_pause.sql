-- Takeovers pause while silence is not trustworthy (issue 13): a held takeover keeps its deadline and records when
-- it was held, so that a node whose heartbeat comes back after the pause recovers instead of being taken over.
ALTER TABLE node_health ADD COLUMN takeover_held_since TIMESTAMPTZ;

-- The gate, one row: paused or not, why (reason codes and messages), since when, and when it last reopened (a held
-- takeover waits one fresh grace after it). Every instance evaluates it under this row's lock.
CREATE TABLE takeover_pause (
    id          SMALLINT PRIMARY KEY CHECK (id = 1),
    paused      BOOLEAN     NOT NULL DEFAULT false,
    reasons     TEXT,
    since       TIMESTAMPTZ,
    resumed_at  TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO takeover_pause (id) VALUES (1);

-- Each running instance's own view of the API server (its watches), refreshed every pass: the gate pauses while ANY
-- fresh view is broken, so two instances whose views differ do not flip the gate between them. A stopped
-- instance's row stops counting once it is no longer fresh.
CREATE TABLE takeover_pause_view (
    instance  TEXT PRIMARY KEY,
    reasons   TEXT,
    seen_at   TIMESTAMPTZ NOT NULL
);
