-- Leader leases: decisions that one instance of a service must take at a time (health-svc's liveness pass) are taken
-- by the holder of the named lease. Acquiring and renewing is one conditional upsert (holder = me, or expired), timed
-- by the database's clock; a decision's transaction share-locks the row and checks holder and expiry, so no other
-- instance can take the lease over before that decision commits.
CREATE TABLE kit_leader_leases (
    name        TEXT        PRIMARY KEY,
    holder      TEXT        NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    renewed_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
