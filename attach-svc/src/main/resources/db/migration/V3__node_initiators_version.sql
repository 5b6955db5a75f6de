-- A node's annotations (watcher) and its agent's report (REST) update the same row concurrently: optimistic
-- locking makes the later writer retry on fresh data instead of erasing the other's fields.
ALTER TABLE node_initiators ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
