package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.ConnectionReconciliation.Repair;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.kit.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reports a repair that reconciliation made: {@code ConnectionHealed} (and a LUN that changed in the attachments'
 * paths) in one transaction, counted in {@code mooring.connections.healed} by action and array.
 */
@ApplicationScoped
public class RecordRepair {

    private static final Logger LOG = Logger.getLogger(RecordRepair.class);

    @Inject
    Outbox outbox;

    @Inject
    AttachmentEvents events;

    @Inject
    AttachmentRepository attachments;

    @Inject
    AttachmentPathsJson pathsJson;

    @Inject
    MeterRegistry metrics;

    /** A volume's connection restored ({@code lun}) or removed ({@code lun} null) for the attachments given. */
    public Uni<Void> volume(Repair r, Integer lun, String passId, List<Attachment> attachedHere) {
        count(r);
        LOG.infof("volume=%s node=%s array=%s host=%s connection %s%s", r.volumeId(), r.node(), r.array(), r.host(),
                r.action(), lun == null ? "" : " lun=" + lun);
        return Panache.withTransaction(() -> {
            Uni<Void> chain = outbox.record(events.healed(r.volumeId(), r.node(), r.array(), r.host(),
                    r.action().name(), lun, passId));
            for (Attachment stale : attachedHere) {
                chain = chain.chain(() -> attachments.findById(stale.id).invoke(a -> {
                    if (a != null && a.paths != null && lun != null) {
                        List<AttachmentPaths.Path> paths = pathsJson.read(a.paths).stream()
                                .map(p -> p.array().equals(r.array()) && p.lun() != lun
                                        ? new AttachmentPaths.Path(p.array(), p.host(), p.protocol(), lun,
                                                p.targetIqn(), p.portals(), p.targetWwns())
                                        : p).toList();
                        a.paths = pathsJson.write(paths);
                    }
                }).replaceWithVoid());
            }
            return chain;
        });
    }

    /** A drive's connection to its owner's host restored ({@code volumeId} of the event = the drive's name). */
    public Uni<Void> drive(Repair r, String driveId, int lun, String passId) {
        count(r);
        LOG.infof("drive=%s node=%s array=%s host=%s connection restored lun=%d", driveId, r.node(), r.array(),
                r.host(), lun);
        return Panache.withTransaction(() -> outbox.record(events.healed(r.volume(), r.node(), r.array(), r.host(),
                r.action().name(), lun, passId)));
    }

    private void count(Repair r) {
        metrics.counter("mooring.connections.healed", "action", r.action().name(), "array", r.array()).increment();
    }
}
