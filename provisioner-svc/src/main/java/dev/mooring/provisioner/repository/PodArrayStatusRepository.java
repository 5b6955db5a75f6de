package dev.mooring.provisioner.repository;

import dev.mooring.kit.db.TransactionLocks;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.provisioner.domain.PodServing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;

/** The last reported status of each stretched pod on each array. Callers open the session or transaction. */
@ApplicationScoped
public class PodArrayStatusRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Takes the pod's lock for the rest of the ongoing transaction: a status report and a volume refused for
     * the pod never miss each other.
     */
    public Uni<Void> lock(String pod) {
        return TransactionLocks.hold("pod:" + pod);
    }

    /**
     * Records a status unless a later one is recorded already (reports of one array arrive in order, but a
     * redelivered old one must not win).
     *
     * @return whether the row changed
     */
    public Uni<Boolean> record(String pod, String array, String status, Double progress, OffsetDateTime observedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into pod_array_status (pod_name, array_name, status, progress, observed_at, updated_at)
                        values (:pod, :array, :status, cast(:progress as double precision), :observedAt, now())
                        on conflict (pod_name, array_name) do update
                           set status = excluded.status, progress = excluded.progress,
                               observed_at = excluded.observed_at, updated_at = now()
                         where pod_array_status.observed_at <= excluded.observed_at""")
                .setParameter("pod", pod)
                .setParameter("array", array)
                .setParameter("status", status)
                .setParameter("progress", progress)
                .setParameter("observedAt", observedAt)
                .executeUpdate()).map(rows -> rows > 0);
    }

    /** The pod's status on each array that reported it. */
    public Uni<List<PodServing.ArrayStatus>> of(String pod) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select coalesce(json_agg(json_build_object('array', array_name, 'status', status,
                            'progress', progress) order by array_name)::text, '[]')
                        from pod_array_status where pod_name = :pod""", String.class)
                .setParameter("pod", pod).getSingleResult()).map(json -> {
                    try {
                        return JSON.readValue(json, new TypeReference<List<PodServing.ArrayStatus>>() { });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
