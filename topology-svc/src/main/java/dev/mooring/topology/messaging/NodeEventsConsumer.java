package dev.mooring.topology.messaging;

import dev.mooring.topology.service.CountConsumedEvent;
import dev.mooring.kit.messaging.EventIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes node events off {@code mooring.nodes} (where topology-svc will also publish); for now each is counted. */
@ApplicationScoped
public class NodeEventsConsumer {

    @Inject
    EventIntake intake;

    @Inject
    CountConsumedEvent counter;

    @Incoming(Channels.NODES)
    public Uni<Void> consume(Message<byte[]> message) {
        String topic = Channels.topicOf(message);
        return intake.process(message, event -> counter.on(topic, event));
    }
}
