-- This installation's cluster domain (one row, once mooring.dr.domain is set): its state and the epoch of its last
-- change. The epoch grows with every activation anywhere in the pair (the activating side takes the larger of the
-- two plus one), so a domain that returns from an outage still marked active sees that the other side was activated
-- after it and steps down instead of running the applications twice.
CREATE TABLE cluster_domain (
    name        TEXT PRIMARY KEY,
    state       TEXT        NOT NULL CHECK (state IN ('active', 'inactive')),
    epoch       BIGINT      NOT NULL DEFAULT 0,
    changed_at  TIMESTAMPTZ NOT NULL,
    -- why the state last changed: 'install', 'activate', 'deactivate', 'failover <id>', 'stepped down: …'
    reason      TEXT        NOT NULL,
    version     BIGINT      NOT NULL DEFAULT 0
);

-- Failovers and failbacks: each a sequence of steps recorded as it goes, so one interrupted (a restart) resumes
-- from its last finished step and one asked for twice runs once (one unfinished operation per kind and domain).
CREATE TABLE dr_operation (
    id           UUID PRIMARY KEY,
    kind         TEXT        NOT NULL CHECK (kind IN ('failover', 'failback')),
    -- the domain the applications leave and the one they go to
    from_domain  TEXT        NOT NULL,
    to_domain    TEXT        NOT NULL,
    state        TEXT        NOT NULL CHECK (state IN ('Running', 'Succeeded', 'Failed')),
    -- JSON array of {"name","state","at","detail"}: every step as it was recorded
    steps        TEXT        NOT NULL DEFAULT '[]',
    namespaces   TEXT        NOT NULL DEFAULT '[]',
    -- the epoch the domain that takes the applications over is activated with
    epoch        BIGINT      NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    decided_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    failure      TEXT,
    version      BIGINT      NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX dr_operation_one_running ON dr_operation (kind, to_domain) WHERE state = 'Running';
