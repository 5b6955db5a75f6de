package dev.mooring.health.messaging;

import dev.mooring.health.service.CountConsumedEvent;
import dev.mooring.kit.messaging.EventIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes array events off {@code mooring.arrays}; for now each is counted, the seed of pod health. */
@ApplicationScoped
public class ArrayEventsConsumer {

    @Inject
    EventIntake intake;

    @Inject
    CountConsumedEvent counter;

    @Incoming(Channels.ARRAYS)
    public Uni<Void> consume(Message<byte[]> message) {
        String topic = Channels.topicOf(message);
        return intake.process(message, event -> counter.on(topic, event));
    }
}
