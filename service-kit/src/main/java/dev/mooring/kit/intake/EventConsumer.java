package dev.mooring.kit.intake;

import io.smallrye.mutiny.Uni;
import org.apache.avro.specific.SpecificRecord;

/**
 * A service's handling of one channel (a topic of the catalogue). Its {@code @Incoming(channel)} method hands each
 * message to {@link Intake#admit}; the kit decodes, orders by key, retries, parks and dead-letters, and calls
 * {@link #handle} with the event. {@link #handle} opens its work with {@link Intake#once}, and hands array work that
 * may take long to a job ({@link dev.mooring.kit.jobs.Jobs#enqueue}) in that same transaction.
 */
public interface EventConsumer {

    /** The channel, e.g. {@code volumes}. */
    String channel();

    /** Handles one decoded event; an event this consumer does not care about completes at once. */
    Uni<Void> handle(SpecificRecord event);
}
