package dev.mooring.events;

import dev.mooring.events.arrays.ArrayRegistered;
import dev.mooring.events.arrays.ArrayRegistrationFailed;
import dev.mooring.events.arrays.ArrayRemoved;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.attachments.AttachRequested;
import dev.mooring.events.attachments.ConnectionHealed;
import dev.mooring.events.attachments.DetachRequested;
import dev.mooring.events.attachments.VolumeAttached;
import dev.mooring.events.attachments.VolumeDetached;
import dev.mooring.events.nodes.NodeObserved;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.events.volumes.VolumeDeleteRequested;
import dev.mooring.events.volumes.VolumeDeleted;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.events.volumes.VolumeResizeFailed;
import dev.mooring.events.volumes.VolumeResizeRequested;
import dev.mooring.events.volumes.VolumeResized;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every event type Mooring knows and the topic it travels on. Adding an event means adding its
 * {@code .avsc}, a released copy under {@code resources/dev/mooring/events/released/}, and a line here.
 */
public final class EventCatalog {

    private static final Map<Class<? extends SpecificRecord>, Topic> TOPIC_BY_EVENT = new LinkedHashMap<>();

    static {
        TOPIC_BY_EVENT.put(VolumeRequested.class, Topic.VOLUMES);
        TOPIC_BY_EVENT.put(VolumeProvisioned.class, Topic.VOLUMES);
        TOPIC_BY_EVENT.put(VolumeProvisioningFailed.class, Topic.VOLUMES);
        TOPIC_BY_EVENT.put(VolumeDeleteRequested.class, Topic.VOLUMES);
        TOPIC_BY_EVENT.put(VolumeDeleted.class, Topic.VOLUMES);
        TOPIC_BY_EVENT.put(VolumeResizeRequested.class, Topic.VOLUMES);
        TOPIC_BY_EVENT.put(VolumeResized.class, Topic.VOLUMES);
        TOPIC_BY_EVENT.put(VolumeResizeFailed.class, Topic.VOLUMES);
        TOPIC_BY_EVENT.put(NodeObserved.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeTopologyAssigned.class, Topic.NODES);
        TOPIC_BY_EVENT.put(ArrayRegistered.class, Topic.ARRAYS);
        TOPIC_BY_EVENT.put(ArrayRegistrationFailed.class, Topic.ARRAYS);
        TOPIC_BY_EVENT.put(ArrayRemoved.class, Topic.ARRAYS);
        TOPIC_BY_EVENT.put(AttachRequested.class, Topic.ATTACHMENTS);
        TOPIC_BY_EVENT.put(DetachRequested.class, Topic.ATTACHMENTS);
        TOPIC_BY_EVENT.put(VolumeAttached.class, Topic.ATTACHMENTS);
        TOPIC_BY_EVENT.put(AttachFailed.class, Topic.ATTACHMENTS);
        TOPIC_BY_EVENT.put(VolumeDetached.class, Topic.ATTACHMENTS);
        TOPIC_BY_EVENT.put(ConnectionHealed.class, Topic.ATTACHMENTS);
    }

    private EventCatalog() {
    }

    /** All event classes, in catalogue order. */
    public static Set<Class<? extends SpecificRecord>> eventTypes() {
        return TOPIC_BY_EVENT.keySet();
    }

    /** The topic an event type is published on. */
    public static Topic topicOf(Class<? extends SpecificRecord> eventType) {
        return Optional.ofNullable(TOPIC_BY_EVENT.get(eventType))
                .orElseThrow(() -> new IllegalArgumentException(
                        "Not a catalogued Mooring event: " + eventType.getName()));
    }

    /** The envelope of any catalogued event (every event has an {@code envelope} field). */
    public static EventEnvelope envelopeOf(SpecificRecord event) {
        int position = event.getSchema().getField("envelope").pos();
        return (EventEnvelope) event.get(position);
    }

    /** The event type's short name, e.g. {@code VolumeRequested}: used in headers and logs. */
    public static String typeName(SpecificRecord event) {
        return event.getSchema().getName();
    }
}
