package dev.mooring.attach.messaging;

import dev.mooring.kit.messaging.EventIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Subscribes to {@code mooring.attachments}. No attachment event is in events-schema yet, so every decodable
 * event is acknowledged and passed over; an undecodable message still goes to {@code mooring.dlq.attach-svc}.
 * {@code AttachRequested} and {@code DetachRequested} will be dispatched from here.
 */
@ApplicationScoped
public class AttachmentEventsConsumer {

    private static final Logger LOG = Logger.getLogger(AttachmentEventsConsumer.class);

    @Inject
    EventIntake intake;

    @Incoming(Channels.ATTACHMENTS)
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.process(message, this::dispatch);
    }

    private Uni<Void> dispatch(SpecificRecord event) {
        LOG.debugf("%s on mooring.attachments is not handled yet", event.getSchema().getName());
        return Uni.createFrom().voidItem();
    }
}
