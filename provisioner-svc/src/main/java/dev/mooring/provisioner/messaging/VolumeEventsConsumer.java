package dev.mooring.provisioner.messaging;

import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.kit.messaging.EventIntake;
import dev.mooring.provisioner.service.DeleteVolume;
import dev.mooring.provisioner.service.ProvisionVolume;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes the provisioner's commands off {@code mooring.volumes}; the outcomes it emits there are for others. */
@ApplicationScoped
public class VolumeEventsConsumer {

    @Inject
    EventIntake intake;

    @Inject
    ProvisionVolume provision;

    @Inject
    DeleteVolume delete;

    @Incoming("volumes")
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.process(message, this::dispatch);
    }

    private Uni<Void> dispatch(SpecificRecord event) {
        if (event instanceof VolumeRequested requested) {
            return provision.on(requested);
        }
        if (event instanceof VolumeDeleteRequested deleteRequested) {
            return delete.on(deleteRequested);
        }
        return Uni.createFrom().voidItem();
    }
}
