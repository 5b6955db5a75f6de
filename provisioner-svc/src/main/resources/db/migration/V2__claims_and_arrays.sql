-- Volumes requested for PersistentVolumeClaims carry the claim and what the PV needs; the id of such a
-- volume is the claim's uid, so a claim can never get two volumes.
ALTER TABLE volume ADD COLUMN claim_namespace      TEXT;
ALTER TABLE volume ADD COLUMN claim_name           TEXT;
ALTER TABLE volume ADD COLUMN claim_uid            TEXT;
ALTER TABLE volume ADD COLUMN access_modes         TEXT    NOT NULL DEFAULT '';
ALTER TABLE volume ADD COLUMN volume_mode          TEXT;
ALTER TABLE volume ADD COLUMN fs_type              TEXT;
ALTER TABLE volume ADD COLUMN storage_class        TEXT;
ALTER TABLE volume ADD COLUMN selected_node        TEXT;
ALTER TABLE volume ADD COLUMN reclaim_policy       TEXT;
ALTER TABLE volume ADD COLUMN allow_expansion      BOOLEAN NOT NULL DEFAULT false;
-- The CSI driver name the PV names: the StorageClass's provisioner (e.g. pxd.portworx.com).
ALTER TABLE volume ADD COLUMN driver               TEXT;
-- A resize on its way (VolumeResizeRequested recorded, VolumeResized not yet): the size asked for.
ALTER TABLE volume ADD COLUMN requested_size_bytes BIGINT;

CREATE INDEX volume_claim ON volume (claim_namespace, claim_name) WHERE claim_name IS NOT NULL;

-- What the provisioner last announced about each pure.json entry, so an event is emitted only when the
-- registration of an entry changes (not on a resync, a token rotation to the same array, or a restart).
-- The key is the entry's management endpoint, or "FlashArrays[i]" for a malformed entry without one.
CREATE TABLE flash_array (
    entry_key       TEXT PRIMARY KEY,
    name            TEXT,
    endpoint        TEXT,
    entry           TEXT        NOT NULL,
    array_id        TEXT,
    status          TEXT        NOT NULL,
    reason          TEXT,
    message         TEXT,
    purity_version  TEXT,
    capacity_bytes  BIGINT,
    free_bytes      BIGINT,
    last_change_at  TIMESTAMPTZ NOT NULL,
    checked_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT      NOT NULL DEFAULT 0
);
