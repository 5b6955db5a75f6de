-- Two instances (issue 13): only the holder of the leader lease "health-liveness" (service-kit) decides transitions.
-- A heartbeat the other instance saw for a node that is not Online (a first sight, a recovery, a return after a
-- takeover) is recorded here, and the node's deadline brought forward, so that the leader applies it at once — a
-- renewal seen by either instance counts. Online nodes' heartbeats go to last_heartbeat_at through the batch flush.
ALTER TABLE node_health ADD COLUMN seen_heartbeat_at TIMESTAMPTZ;
ALTER TABLE node_health ADD COLUMN seen_heartbeat_signal TEXT;
