package dev.mooring.attach.messaging;

import dev.mooring.attach.service.FollowPodPaths;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes ActiveCluster pod status off {@code mooring.arrays}; the paths of attached volumes follow it. */
@ApplicationScoped
public class ArrayEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    FollowPodPaths paths;

    @Override
    public String channel() {
        return Channels.ARRAYS;
    }

    @Incoming(Channels.ARRAYS)
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof PodArrayStatusChanged changed) {
            return paths.on(changed);
        }
        return Uni.createFrom().voidItem();
    }
}
