package dev.mooring.provisioner.messaging;

import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import dev.mooring.provisioner.service.FollowPodStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes health-svc's stretched-pod reports off {@code mooring.arrays} ({@code PodArrayStatusChanged}); the
 * provisioner's own array announcements there and the Mediator reports are not its business.
 */
@ApplicationScoped
public class ArrayEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    FollowPodStatus podStatus;

    @Override
    public String channel() {
        return "arrays";
    }

    @Incoming("arrays")
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof PodArrayStatusChanged changed) {
            return podStatus.on(changed);
        }
        return Uni.createFrom().voidItem();
    }
}
