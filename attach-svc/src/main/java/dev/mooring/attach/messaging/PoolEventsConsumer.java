package dev.mooring.attach.messaging;

import dev.mooring.attach.service.AttachDrive;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.events.pools.DriveResized;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes the provisioner's drives off {@code mooring.pools}; pool events and attach-svc's own are for others. */
@ApplicationScoped
public class PoolEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    AttachDrive drives;

    @Override
    public String channel() {
        return Channels.POOLS;
    }

    @Incoming(Channels.POOLS)
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof DriveProvisioned provisioned) {
            return drives.on(provisioned);
        }
        if (event instanceof DriveResized resized) {
            return drives.on(resized);
        }
        return Uni.createFrom().voidItem();
    }
}
