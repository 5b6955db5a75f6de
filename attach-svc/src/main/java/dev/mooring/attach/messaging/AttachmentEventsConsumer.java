package dev.mooring.attach.messaging;

import dev.mooring.attach.service.AttachVolume;
import dev.mooring.attach.service.DetachVolume;
import dev.mooring.attach.service.VolumeAttachmentStatus;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.attachments.AttachRequested;
import dev.mooring.events.attachments.DetachRequested;
import dev.mooring.events.attachments.VolumeAttached;
import dev.mooring.events.attachments.VolumeDetached;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes attach-svc's own topic {@code mooring.attachments}: requests are carried out, outcomes are projected onto
 * the VolumeAttachments they came from. {@code ConnectionHealed} is for other readers.
 */
@ApplicationScoped
public class AttachmentEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    AttachVolume attach;

    @Inject
    DetachVolume detach;

    @Inject
    VolumeAttachmentStatus status;

    @Override
    public String channel() {
        return Channels.ATTACHMENTS;
    }

    @Incoming(Channels.ATTACHMENTS)
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof AttachRequested requested) {
            return attach.on(requested);
        }
        if (event instanceof DetachRequested requested) {
            return detach.on(requested);
        }
        if (event instanceof VolumeAttached attached) {
            return status.on(attached);
        }
        if (event instanceof AttachFailed failed) {
            return status.on(failed);
        }
        if (event instanceof VolumeDetached detached) {
            return status.on(detached);
        }
        return Uni.createFrom().voidItem();
    }
}
