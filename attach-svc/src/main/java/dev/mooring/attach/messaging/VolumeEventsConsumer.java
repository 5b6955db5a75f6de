package dev.mooring.attach.messaging;

import dev.mooring.attach.service.RecordKnownVolume;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.kit.messaging.EventIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes the provisioner's outcomes off {@code mooring.volumes}; its commands there are not for attach-svc. */
@ApplicationScoped
public class VolumeEventsConsumer {

    @Inject
    EventIntake intake;

    @Inject
    RecordKnownVolume knownVolumes;

    @Incoming(Channels.VOLUMES)
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.process(message, this::dispatch);
    }

    private Uni<Void> dispatch(SpecificRecord event) {
        if (event instanceof VolumeProvisioned provisioned) {
            return knownVolumes.on(provisioned);
        }
        if (event instanceof VolumeDeleted deleted) {
            return knownVolumes.on(deleted);
        }
        return Uni.createFrom().voidItem();
    }
}
