CREATE TABLE fixture_volume (
    id        TEXT PRIMARY KEY,
    state     TEXT NOT NULL,
    deletions INT  NOT NULL DEFAULT 0
);
