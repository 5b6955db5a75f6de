package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code events.k8s.io/v1} Events as a view of core {@code v1} Events, as a real API server keeps one store for
 * both: an Event recorded through either API is read through both. Field names follow Kubernetes' conversion
 * ({@code involvedObject} is {@code regarding}, {@code message} is {@code note}, the old source and timestamps
 * become {@code deprecated…}).
 */
public final class EventsV1Conversion implements ApiResource.Conversion {

    /** Core field → events.k8s.io/v1 field; fields not listed keep their name. */
    private static final Map<String, String> RENAMED = Map.of(
            "involvedObject", "regarding",
            "message", "note",
            "reportingComponent", "reportingController",
            "source", "deprecatedSource",
            "firstTimestamp", "deprecatedFirstTimestamp",
            "lastTimestamp", "deprecatedLastTimestamp",
            "count", "deprecatedCount");

    @Override
    public ObjectNode toStored(ObjectNode served) {
        ObjectNode core = rename(served, true);
        core.put("apiVersion", "v1");
        return core;
    }

    @Override
    public ObjectNode fromStored(ObjectNode stored) {
        ObjectNode event = rename(stored, false);
        event.put("apiVersion", "events.k8s.io/v1");
        return event;
    }

    private static ObjectNode rename(ObjectNode source, boolean toCore) {
        ObjectNode target = source.objectNode();
        source.fields().forEachRemaining(field -> target.set(nameOf(field.getKey(), toCore), field.getValue().deepCopy()));
        return target;
    }

    private static String nameOf(String field, boolean toCore) {
        if (!toCore) {
            return RENAMED.getOrDefault(field, field);
        }
        for (Map.Entry<String, String> e : RENAMED.entrySet()) {
            if (e.getValue().equals(field)) {
                return e.getKey();
            }
        }
        return field;
    }
}
