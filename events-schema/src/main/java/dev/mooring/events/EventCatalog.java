package dev.mooring.events;

import dev.mooring.events.arrays.ArrayRegistered;
import dev.mooring.events.arrays.ArrayRegistrationFailed;
import dev.mooring.events.arrays.ArrayRemoved;
import dev.mooring.events.arrays.MediatorUnreachable;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.events.attachments.AttachFailed;
import dev.mooring.events.attachments.AttachRequested;
import dev.mooring.events.attachments.AttachmentPathChanged;
import dev.mooring.events.attachments.ConnectionHealed;
import dev.mooring.events.attachments.DetachRequested;
import dev.mooring.events.attachments.VolumeAttached;
import dev.mooring.events.attachments.VolumeDetached;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.nodes.NodeConnectionsVerified;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeFencingFailed;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeObserved;
import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTakeoverBlocked;
import dev.mooring.events.nodes.NodeTakeoverCompleted;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.events.pools.DriveAttachFailed;
import dev.mooring.events.pools.DriveAttached;
import dev.mooring.events.pools.DriveDetached;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.events.pools.DriveResized;
import dev.mooring.events.pools.PoolExpanded;
import dev.mooring.events.pools.PoolExpansionBlocked;
import dev.mooring.events.pools.PoolOnline;
import dev.mooring.events.pools.PoolProvisioningFailed;
import dev.mooring.events.volumes.PoolVolumeProvisioned;
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
        TOPIC_BY_EVENT.put(DriveProvisioned.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(DriveResized.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(DriveAttached.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(DriveAttachFailed.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(DriveDetached.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(PoolOnline.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(PoolExpanded.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(PoolExpansionBlocked.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(PoolProvisioningFailed.class, Topic.POOLS);
        TOPIC_BY_EVENT.put(NodeStorageRoleAssigned.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeOffline.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeRecovered.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeTakeoverDecided.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeTakeoverBlocked.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeFenced.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeFencingFailed.class, Topic.NODES);
        TOPIC_BY_EVENT.put(DrivesMoved.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeIdentityTransferred.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeTakeoverCompleted.class, Topic.NODES);
        TOPIC_BY_EVENT.put(NodeConnectionsVerified.class, Topic.NODES);
        TOPIC_BY_EVENT.put(PodArrayStatusChanged.class, Topic.ARRAYS);
        TOPIC_BY_EVENT.put(MediatorUnreachable.class, Topic.ARRAYS);
        TOPIC_BY_EVENT.put(AttachmentPathChanged.class, Topic.ATTACHMENTS);
        TOPIC_BY_EVENT.put(PoolVolumeProvisioned.class, Topic.VOLUMES);
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
