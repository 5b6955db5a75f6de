package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Path states of attachments; callers open the session or transaction. */
@ApplicationScoped
public class PathStateRepository implements PanacheRepositoryBase<PathStateRecord, String> {

    public Uni<List<PathStateRecord>> ofAttachment(String attachmentId) {
        return list("attachmentId", attachmentId);
    }
}
