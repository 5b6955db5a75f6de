package dev.mooring.provisioner.messaging;

import dev.mooring.provisioner.service.AssignStorageRole;
import dev.mooring.provisioner.service.TransferNodeIdentity;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeObserved;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Takes what the pools need off {@code mooring.nodes}: a node's topology (its storage role) and takeovers. */
@ApplicationScoped
public class NodeEventsConsumer implements EventConsumer {

    private static final Logger LOG = Logger.getLogger(NodeEventsConsumer.class);

    @Inject
    Intake intake;

    @Inject
    AssignStorageRole assign;

    @Inject
    TransferNodeIdentity transfer;

    @Override
    public String channel() {
        return "nodes";
    }

    @Incoming("nodes")
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof NodeTopologyAssigned topology) {
            return assign.on(topology);
        }
        if (event instanceof DrivesMoved moved) {
            return transfer.on(moved);
        }
        if (event instanceof NodeObserved observed && observed.getRemoved()) {
            // Its role and pool stay: a storage node that is gone is health-svc's to take over.
            LOG.infof("node=%s removed from Kubernetes; its storage role and pool stay", observed.getNodeName());
        }
        return Uni.createFrom().voidItem();
    }
}
