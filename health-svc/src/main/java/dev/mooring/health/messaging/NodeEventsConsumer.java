package dev.mooring.health.messaging;

import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeFencingFailed;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeObserved;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.health.service.NodeFacts;
import dev.mooring.health.service.TakeoverPhases;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes node events off {@code mooring.nodes}: the facts the replacement choice needs, and the phases of a
 * takeover. Every other event on the topic (health-svc's own among them) is acknowledged and left alone.
 */
@ApplicationScoped
public class NodeEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    NodeFacts facts;

    @Inject
    TakeoverPhases phases;

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
        if (event instanceof NodeStorageRoleAssigned e) {
            return facts.roleAssigned(e);
        }
        if (event instanceof NodeTopologyAssigned e) {
            return facts.topologyAssigned(e);
        }
        if (event instanceof NodeObserved e) {
            return facts.observed(e);
        }
        if (event instanceof NodeFenced e) {
            return phases.fenced(e);
        }
        if (event instanceof NodeFencingFailed e) {
            return phases.fencingFailed(e);
        }
        if (event instanceof DrivesMoved e) {
            return phases.drivesMoved(e);
        }
        if (event instanceof NodeIdentityTransferred e) {
            return phases.identityTransferred(e);
        }
        return Uni.createFrom().voidItem();
    }
}
