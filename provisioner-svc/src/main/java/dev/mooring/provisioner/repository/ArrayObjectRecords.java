package dev.mooring.provisioner.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** What the provisioner's tables say of the array volumes it made: volumes by array name, drives with their pool. */
@ApplicationScoped
public class ArrayObjectRecords {

    /** A volume row: its array name ({@code [pod::]name}) and state. */
    public record VolumeName(String arrayVolumeName, String id, String state) {
    }

    /** A drive row with its pool's state (and why the pool failed). */
    public record DriveName(String driveName, String poolId, String nodeName, String poolState, String poolFailure) {
    }

    public Uni<List<VolumeName>> volumes() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT array_volume_name, CAST(id AS text), state FROM volume", Object[].class)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new VolumeName((String) r[0], (String) r[1], (String) r[2]))
                        .toList())));
    }

    public Uni<List<DriveName>> drives() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT d.drive_name, d.pool_id, p.node_name, p.state, p.failure_reason
                        FROM drive d JOIN pool p ON p.pool_id = d.pool_id""", Object[].class)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new DriveName((String) r[0], (String) r[1], (String) r[2],
                        (String) r[3], (String) r[4])).toList())));
    }
}
