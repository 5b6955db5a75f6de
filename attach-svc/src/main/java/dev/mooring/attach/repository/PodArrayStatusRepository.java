package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** ActiveCluster pod status per array; callers open the session or transaction. */
@ApplicationScoped
public class PodArrayStatusRepository implements PanacheRepositoryBase<PodArrayStatusRecord, String> {

    public Uni<List<PodArrayStatusRecord>> ofPod(String pod) {
        return list("podName", pod);
    }
}
