package dev.mooring.kit;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Producer;
import dev.mooring.events.volumes.VolumeDeleteRequested;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Small builders shared by the kit's tests. */
public final class KitTestSupport {

    private KitTestSupport() {
    }

    /** Runs reactive work (Panache needs a Vert.x context) from a test thread and waits for its result. */
    public static <T> T awaitOnVertx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public static VolumeDeleteRequested deleteRequested(String volumeId) {
        return deleteRequested(volumeId, "corr-" + volumeId);
    }

    /** With a correlation id of the test's choosing (e.g. a marker of the order events were applied in). */
    public static VolumeDeleteRequested deleteRequested(String volumeId, String correlationId) {
        return VolumeDeleteRequested.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                        .setSource(Producer.PROVISIONER.serviceName())
                        .setCorrelationId(correlationId)
                        .setKey(volumeId)
                        .build())
                .setVolumeId(volumeId)
                .build();
    }
}
