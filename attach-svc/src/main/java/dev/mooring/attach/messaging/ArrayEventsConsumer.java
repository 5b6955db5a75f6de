package dev.mooring.attach.messaging;

import dev.mooring.attach.service.FollowPodPaths;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.kit.messaging.EventIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes ActiveCluster pod status off {@code mooring.arrays}; the paths of attached volumes follow it. */
@ApplicationScoped
public class ArrayEventsConsumer {

    @Inject
    EventIntake intake;

    @Inject
    FollowPodPaths paths;

    @Incoming(Channels.ARRAYS)
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.process(message, this::dispatch);
    }

    private Uni<Void> dispatch(SpecificRecord event) {
        if (event instanceof PodArrayStatusChanged changed) {
            return paths.on(changed);
        }
        return Uni.createFrom().voidItem();
    }
}
