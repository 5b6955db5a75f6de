package dev.mooring.topology.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.topology.repository.ConsumedEvent;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;

/** What topology-svc has consumed so far: per event type, and in total. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceStatusView(String service, long eventsConsumed, OffsetDateTime lastEventConsumedAt,
                                List<EventTypeView> events) {

    /** The events of one type: how many, where from, and when the latest happened and was consumed. */
    public record EventTypeView(String type, String topic, long count, OffsetDateTime lastOccurredAt,
                                OffsetDateTime lastConsumedAt) {
    }

    public static ServiceStatusView of(String service, List<ConsumedEvent> counts) {
        List<EventTypeView> events = counts.stream()
                .map(c -> new EventTypeView(c.eventType, c.topic, c.count, c.lastOccurredAt, c.lastConsumedAt))
                .toList();
        return new ServiceStatusView(service,
                events.stream().mapToLong(EventTypeView::count).sum(),
                events.stream().map(EventTypeView::lastConsumedAt).max(Comparator.naturalOrder()).orElse(null),
                events);
    }
}
