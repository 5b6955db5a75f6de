CREATE TABLE fixture_volume (
    id        TEXT PRIMARY KEY,
    state     TEXT NOT NULL,
    deletions INT  NOT NULL DEFAULT 0,
    -- the markers of the events applied, in the order they were applied
    history   TEXT NOT NULL DEFAULT ''
);

-- What the fixture job handler applied: one row per job effect.
CREATE TABLE fixture_job_effect (
    id        BIGSERIAL PRIMARY KEY,
    job_key   TEXT NOT NULL,
    marker    TEXT NOT NULL
);
