package dev.mooring.provisioner.messaging;

import dev.mooring.provisioner.service.BringPoolOnline;
import dev.mooring.provisioner.service.DriveConnections;
import dev.mooring.events.pools.DriveAttachFailed;
import dev.mooring.events.pools.DriveAttached;
import dev.mooring.events.pools.DriveDetached;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.intake.Intake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Takes attach-svc's drive outcomes off {@code mooring.pools}: attached, attach failed, detached (the
 * provisioner's own events pass by).
 */
@ApplicationScoped
public class PoolEventsConsumer implements EventConsumer {

    @Inject
    Intake intake;

    @Inject
    BringPoolOnline online;

    @Inject
    DriveConnections connections;

    @Override
    public String channel() {
        return "pools";
    }

    @Incoming("pools")
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.admit(message, this);
    }

    @Override
    public Uni<Void> handle(SpecificRecord event) {
        if (event instanceof DriveAttached attached) {
            return online.on(attached);
        }
        if (event instanceof DriveAttachFailed failed) {
            return connections.on(failed);
        }
        if (event instanceof DriveDetached detached) {
            return connections.on(detached);
        }
        return Uni.createFrom().voidItem();
    }
}
