package dev.mooring.kit.messaging;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.serde.EventDecodingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one way a service takes an event off Kafka. It decodes the message; sends an undecodable or poison
 * one to the dead-letter topic (by nacking it: channels are configured with the dead-letter-queue failure
 * strategy) so the consumer goes on; retries any other failure with backoff on the message's Vert.x
 * context, so a database or array that is briefly away loses nothing; and acks only after the handler's
 * transaction committed. Handlers make themselves idempotent with {@link dev.mooring.kit.inbox.Inbox}.
 */
@ApplicationScoped
public class EventIntake {

    private static final Logger LOG = Logger.getLogger(EventIntake.class);

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "mooring.intake.retry.initial", defaultValue = "200ms")
    Duration initialBackoff;

    @ConfigProperty(name = "mooring.intake.retry.max", defaultValue = "30s")
    Duration maxBackoff;

    /** Decodes and handles one message; the returned Uni completes once it is acked or dead-lettered. */
    public Uni<Void> process(Message<byte[]> message, Function<SpecificRecord, Uni<Void>> handler) {
        SpecificRecord event;
        try {
            event = EventCodec.instance().decode(message.getPayload());
        } catch (EventDecodingException e) {
            metrics.counter("mooring.events.dead-lettered", "reason", e.getClass().getSimpleName()).increment();
            LOG.warnf("Dead-lettering a message that is not a known event (%s): %s",
                    EventCodec.instance().describeWriter(message.getPayload()), e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        EventEnvelope envelope = EventCatalog.envelopeOf(event);
        String type = EventCatalog.typeName(event);
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Uni.createFrom().deferred(() -> {
                    MDC.put("correlationId", envelope.getCorrelationId());
                    MDC.put("eventType", type);
                    MDC.put("key", envelope.getKey());
                    return handler.apply(event);
                })
                .runSubscriptionOn(onContext)
                .onFailure(failure -> !(failure instanceof PoisonEventException))
                .invoke(failure -> LOG.warnf("Handling %s %s failed, will retry: %s", type, envelope.getEventId(),
                        failure.toString()))
                .onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(initialBackoff, maxBackoff).withJitter(0.2).indefinitely()
                .chain(() -> {
                    metrics.counter("mooring.events.handled", "type", type).increment();
                    return Uni.createFrom().completionStage(message.ack());
                })
                .onFailure(PoisonEventException.class).recoverWithUni(poison -> {
                    metrics.counter("mooring.events.dead-lettered", "reason", "PoisonEvent").increment();
                    LOG.warnf("Dead-lettering %s %s: %s", type, envelope.getEventId(), poison.getMessage());
                    return Uni.createFrom().completionStage(message.nack(poison));
                })
                .eventually(() -> {
                    MDC.remove("eventType");
                    MDC.remove("key");
                });
    }
}
