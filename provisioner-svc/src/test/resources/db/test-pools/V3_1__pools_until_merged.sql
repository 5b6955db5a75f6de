-- TEST ONLY, until the pools branch (which owns V3__pools.sql) is merged: the tables placement reads and writes,
-- with exactly the DDL of V3. "if not exists" makes this a no-op once V3 is there; drop this file at the merge.
create table if not exists storage_node (node_name text primary key, role text not null /* storage|storageless */, region text, zone text, rack text, pool_id text, reason text not null, updated_at timestamptz not null default now());
create table if not exists pool (pool_id text primary key, node_name text not null, origin_node text not null, region text, zone text, rack text,
  state text not null /* Provisioning|Online|Failed */, capacity_bytes bigint not null default 0, used_bytes bigint not null default 0, updated_at timestamptz not null default now());
create table if not exists drive (drive_name text primary key, pool_id text not null references pool(pool_id), array_name text not null, size_bytes bigint not null, serial text, attached boolean not null default false, created_at timestamptz not null default now());
create table if not exists volume_replica (volume_id text not null, replica_index int not null, pool_id text not null references pool(pool_id), node_name text not null, size_bytes bigint not null, primary key (volume_id, replica_index));
