package dev.mooring.attach.messaging;

import dev.mooring.attach.service.TakeOverNode;
import dev.mooring.attach.service.VerifyNodeConnections;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes liveness and takeover events off {@code mooring.nodes}: offline and recovered nodes, takeovers to carry out,
 * identities transferred. The rest of the topic (topology, observations, attach-svc's own outcomes) is for others.
 */
@ApplicationScoped
public class NodeEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    TakeOverNode takeover;

    @Inject
    VerifyNodeConnections verify;

    @Override
    public String channel() {
        return Channels.NODES;
    }

    @Incoming(Channels.NODES)
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof NodeTakeoverDecided decided) {
            return takeover.on(decided);
        }
        if (event instanceof NodeIdentityTransferred transferred) {
            return takeover.on(transferred);
        }
        if (event instanceof NodeOffline offline) {
            return verify.on(offline);
        }
        if (event instanceof NodeRecovered recovered) {
            return verify.on(recovered);
        }
        return Uni.createFrom().voidItem();
    }
}
