package dev.mooring.attach.messaging;

import dev.mooring.attach.service.RecordKnownVolume;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes the provisioner's outcomes off {@code mooring.volumes}; its commands there are not for attach-svc. */
@ApplicationScoped
public class VolumeEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    RecordKnownVolume knownVolumes;

    @Override
    public String channel() {
        return Channels.VOLUMES;
    }

    @Incoming(Channels.VOLUMES)
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof VolumeProvisioned provisioned) {
            return knownVolumes.on(provisioned);
        }
        if (event instanceof VolumeDeleted deleted) {
            return knownVolumes.on(deleted);
        }
        return Uni.createFrom().voidItem();
    }
}
