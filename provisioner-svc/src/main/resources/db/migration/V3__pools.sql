-- Storage nodes, their pools and the cloud drives (FlashArray volumes) the pools are made of. The
-- placement side of provisioner-svc reads these tables (pool usage, drives per array) and writes
-- volume_replica; this side owns the rest.

-- The role decided for each node whose topology is known: storage (it has a pool) or storageless.
create table storage_node (
    node_name  text primary key,
    role       text        not null, -- storage | storageless
    region     text,
    zone       text,
    rack       text,
    pool_id    text,
    reason     text        not null,
    updated_at timestamptz not null default now()
);
create index storage_node_zone on storage_node (region, zone, role);

-- A storage node's pool. pool_id is stable: it stays with the pool when a takeover moves the pool to
-- another node (node_name changes, origin_node never does).
create table pool (
    pool_id        text primary key,
    node_name      text        not null,
    origin_node    text        not null,
    region         text,
    zone           text,
    rack           text,
    state          text        not null, -- Provisioning | Online | Failed
    capacity_bytes bigint      not null default 0,
    used_bytes     bigint      not null default 0,
    updated_at     timestamptz not null default now(),
    -- Usage is at or over the expansion threshold and this crossing has been acted on (expanded or
    -- blocked): nothing more happens until usage drops below the threshold again.
    over_threshold boolean     not null default false,
    failure_reason text,
    failure_message text,
    correlation_id text        not null default '',
    version        bigint      not null default 0
);
create index pool_node on pool (node_name);

-- A cloud drive: a FlashArray volume with a deterministic name, planned (array chosen) before it is
-- created, so a retry finds the same drive on the same array instead of making a second one.
create table drive (
    drive_name  text primary key,
    pool_id     text        not null references pool (pool_id),
    array_name  text        not null,
    size_bytes  bigint      not null,
    serial      text,       -- null until the array volume exists (DriveProvisioned emitted once it is set)
    attached    boolean     not null default false,
    created_at  timestamptz not null default now(),
    purpose     text        not null default 'initial', -- initial | expansion
    drive_index int         not null default 0
);
create index drive_pool on drive (pool_id);
create index drive_array on drive (array_name);

-- Replicas of pool-backed volumes (written by placement); their sizes count as allocated pool space.
create table volume_replica (
    volume_id     text   not null,
    replica_index int    not null,
    pool_id       text   not null references pool (pool_id),
    node_name     text   not null,
    size_bytes    bigint not null,
    primary key (volume_id, replica_index)
);
create index volume_replica_pool on volume_replica (pool_id);

-- Takeovers whose identity transfer is done: a DrivesMoved seen again (under any event id) changes nothing.
create table pool_takeover (
    takeover_id      text primary key,
    failed_node      text        not null,
    replacement_node text        not null,
    pool_id          text,
    transferred_at   timestamptz not null default now()
);
