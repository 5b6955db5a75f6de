package dev.mooring.provisioner.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.provisioner.domain.placement.CandidatePool;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Placement's view of the pool tables ({@code pool}, {@code drive}, {@code volume_replica}, kept by the pools
 * part of this service): the Online pools with their free space, and the replicas of volumes. Plain SQL, so the
 * tables have one entity owner. Callers open the session or transaction.
 */
@ApplicationScoped
public class PoolPlacementRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Serialises placements: two volumes placed at once must not both count the same free space. */
    private static final long PLACEMENT_LOCK = 0x6d6f6f72_706c6163L;

    // Free space = capacity - max(what the arrays say is used, what replicas were given).
    private static final String CANDIDATES = """
            select coalesce(json_agg(json_build_object(
                'poolId', p.pool_id, 'node', p.node_name, 'region', p.region, 'zone', p.zone, 'rack', p.rack,
                'freeBytes', p.capacity_bytes - greatest(p.used_bytes,
                    coalesce((select sum(r.size_bytes) from volume_replica r where r.pool_id = p.pool_id), 0)),
                'arrays', coalesce((select string_agg(distinct d.array_name, ',') from drive d
                    where d.pool_id = p.pool_id), ''),
                'drives', coalesce((select string_agg(d.array_name || '/' || d.drive_name, ',') from drive d
                    where d.pool_id = p.pool_id), '')) order by p.pool_id)::text, '[]')
            from pool p where p.state = 'Online'""";

    // The pool's node, not the one recorded at placement: a pool moves to the replacement node in a takeover.
    private static final String REPLICAS = """
            select coalesce(json_agg(json_build_object(
                'index', r.replica_index, 'poolId', r.pool_id, 'node', coalesce(p.node_name, r.node_name),
                'sizeBytes', r.size_bytes,
                'region', p.region, 'zone', p.zone, 'rack', p.rack,
                'arrays', coalesce((select string_agg(distinct d.array_name, ',') from drive d
                    where d.pool_id = r.pool_id), '')) order by r.replica_index)::text, '[]')
            from volume_replica r left join pool p on p.pool_id = r.pool_id where r.volume_id = :volumeId""";

    /** One replica of a volume, with its pool's place in the topology and the arrays of its drives. */
    public record Replica(int index, String poolId, String node, long sizeBytes, String region, String zone,
                          String rack, List<String> arrays) {
    }

    private record CandidateRow(String poolId, String node, String region, String zone, String rack, long freeBytes,
                                String arrays, String drives) {
    }

    private record ReplicaRow(int index, String poolId, String node, long sizeBytes, String region, String zone,
                              String rack, String arrays) {
    }

    /** Takes the placement lock for the rest of the ongoing transaction. */
    public Uni<Void> lockPlacement() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(:key) as text)", String.class)
                .setParameter("key", PLACEMENT_LOCK).getSingleResult()).replaceWithVoid();
    }

    /** Every Online pool, with its free space, arrays and drives. */
    public Uni<List<CandidatePool>> onlinePools() {
        return Panache.getSession().chain(session -> session.createNativeQuery(CANDIDATES, String.class)
                .getSingleResult()).map(json -> read(json, new TypeReference<List<CandidateRow>>() { }).stream()
                .map(row -> new CandidatePool(row.poolId(), row.node(), row.region(), row.zone(), row.rack(),
                        row.freeBytes(), split(row.arrays()), split(row.drives())))
                .toList());
    }

    /** Records one placed replica; the same replica again changes nothing. */
    public Uni<Void> addReplica(UUID volumeId, int index, CandidatePool pool, long sizeBytes) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into volume_replica (volume_id, replica_index, pool_id, node_name, size_bytes)
                        values (:volumeId, :index, :poolId, :node, :size) on conflict do nothing""")
                .setParameter("volumeId", volumeId.toString())
                .setParameter("index", index)
                .setParameter("poolId", pool.poolId())
                .setParameter("node", pool.node())
                .setParameter("size", sizeBytes)
                .executeUpdate()).replaceWithVoid();
    }

    /** The replicas of a volume, replica 1 first. */
    public Uni<List<Replica>> replicas(UUID volumeId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(REPLICAS, String.class)
                        .setParameter("volumeId", volumeId.toString()).getSingleResult())
                .map(json -> read(json, new TypeReference<List<ReplicaRow>>() { }).stream()
                        .map(row -> new Replica(row.index(), row.poolId(), row.node(), row.sizeBytes(), row.region(),
                                row.zone(), row.rack(), List.copyOf(split(row.arrays()).stream().sorted().toList())))
                        .toList());
    }

    /** Gives a deleted volume's space back to its pools. */
    public Uni<Integer> releaseReplicas(UUID volumeId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("delete from volume_replica where volume_id = :volumeId")
                .setParameter("volumeId", volumeId.toString()).executeUpdate());
    }

    private static Set<String> split(String csv) {
        return csv == null || csv.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(csv.split(",")));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
