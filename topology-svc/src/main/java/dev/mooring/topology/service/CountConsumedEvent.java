package dev.mooring.topology.service;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.topology.repository.ConsumedEventRepository;
import dev.mooring.kit.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * Counts each consumed event once per type: the inbox claim and the count commit in one transaction, so a
 * redelivered event is not counted again.
 */
@ApplicationScoped
public class CountConsumedEvent {

    static final String HANDLER = "count-consumed-event";
    private static final Logger LOG = Logger.getLogger(CountConsumedEvent.class);

    @Inject
    ConsumedEventRepository counts;

    @Inject
    Inbox inbox;

    public Uni<Void> on(String topic, SpecificRecord event) {
        EventEnvelope envelope = EventCatalog.envelopeOf(event);
        String type = EventCatalog.typeName(event);
        return Panache.withTransaction(() -> inbox.claim(HANDLER, envelope.getEventId()).chain(first -> {
            if (!first) {
                LOG.debugf("key=%s %s %s seen before, not counted again", envelope.getKey(), type,
                        envelope.getEventId());
                return Uni.createFrom().voidItem();
            }
            LOG.infof("key=%s topic=%s consumed %s %s", envelope.getKey(), topic, type, envelope.getEventId());
            return counts.countOne(type, topic, envelope.getOccurredAt().atOffset(ZoneOffset.UTC));
        }));
    }
}
