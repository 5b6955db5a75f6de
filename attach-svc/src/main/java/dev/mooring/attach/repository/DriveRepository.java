package dev.mooring.attach.repository;

import dev.mooring.attach.domain.DriveState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Cloud drives; callers open the session or transaction. */
@ApplicationScoped
public class DriveRepository implements PanacheRepositoryBase<Drive, String> {

    private static final Sort ORDER = Sort.by("arrayName").and("driveName");

    public Uni<List<Drive>> ofNode(String node) {
        return list("nodeName", ORDER, node);
    }

    public Uni<List<Drive>> movedBy(String takeoverId) {
        return list("takeoverId", ORDER, takeoverId);
    }

    public Uni<List<Drive>> inStates(List<DriveState> states) {
        return list("state in ?1", ORDER, states);
    }

    public Uni<List<Drive>> all() {
        return listAll(ORDER);
    }
}
