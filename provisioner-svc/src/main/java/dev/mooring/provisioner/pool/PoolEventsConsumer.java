package dev.mooring.provisioner.pool;

import dev.mooring.events.pools.DriveAttached;
import dev.mooring.kit.messaging.EventIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Takes attach-svc's {@code DriveAttached} off {@code mooring.pools} (the provisioner's own events pass by). */
@ApplicationScoped
public class PoolEventsConsumer {

    @Inject
    EventIntake intake;

    @Inject
    BringPoolOnline online;

    @Incoming("pools")
    public Uni<Void> consume(Message<byte[]> message) {
        return intake.process(message, this::dispatch);
    }

    private Uni<Void> dispatch(SpecificRecord event) {
        if (event instanceof DriveAttached attached) {
            return online.on(attached);
        }
        return Uni.createFrom().voidItem();
    }
}
