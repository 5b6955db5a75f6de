-- The inventory reconciler's book: every object found on an array under Mooring's naming that Mooring's state does
-- not account for. first_seen is kept across runs, restarts and instances, so the grace period before a clean-up
-- is measured once for all; the row stays after the object is gone (resolved_at) to show what was done.
-- location: the array the object is on, or '*' for one object seen through several arrays (a stretched pod's volume).
CREATE TABLE kit_orphans (
    kind                  TEXT        NOT NULL,
    location              TEXT        NOT NULL,
    name                  TEXT        NOT NULL,
    arrays                TEXT        NOT NULL,
    reason                TEXT        NOT NULL,
    message               TEXT        NOT NULL,
    first_seen            TIMESTAMPTZ NOT NULL,
    last_seen             TIMESTAMPTZ NOT NULL,
    -- planned (ReportOnly, CleanUpAfterGrace, KeptAfterRecovery) or taken (CleaningUp, Destroyed, CleanupFailed, …)
    action                TEXT        NOT NULL,
    action_detail         TEXT,
    acted_at              TIMESTAMPTZ,
    cleanup_claimed_until TIMESTAMPTZ,
    cleaned_at            TIMESTAMPTZ,
    resolved_at           TIMESTAMPTZ,
    PRIMARY KEY (kind, location, name)
);
CREATE INDEX kit_orphans_current ON kit_orphans (first_seen) WHERE resolved_at IS NULL;

-- One reconciliation per source per interval across all instances: an instance runs only when it moves
-- started_at forward, which it may do only once the last run (by any instance) is old enough.
CREATE TABLE kit_inventory_runs (
    source     TEXT        PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    instance   TEXT        NOT NULL
);
