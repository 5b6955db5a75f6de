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
 * {@code .avsc}, a released copy under {@code resources/dev/mooring/events/released/}, and a line here naming
 * its topic and the one service that produces it.
 */
public final class EventCatalog {

    private static final Map<Class<? extends SpecificRecord>, Topic> TOPIC_BY_EVENT = new LinkedHashMap<>();
    private static final Map<Class<? extends SpecificRecord>, Producer> PRODUCER_BY_EVENT = new LinkedHashMap<>();

    static {
        put(VolumeRequested.class, Topic.VOLUMES, Producer.PROVISIONER);
        put(VolumeProvisioned.class, Topic.VOLUMES, Producer.PROVISIONER);
        put(VolumeProvisioningFailed.class, Topic.VOLUMES, Producer.PROVISIONER);
        put(VolumeDeleteRequested.class, Topic.VOLUMES, Producer.PROVISIONER);
        put(VolumeDeleted.class, Topic.VOLUMES, Producer.PROVISIONER);
        put(VolumeResizeRequested.class, Topic.VOLUMES, Producer.PROVISIONER);
        put(VolumeResized.class, Topic.VOLUMES, Producer.PROVISIONER);
        put(VolumeResizeFailed.class, Topic.VOLUMES, Producer.PROVISIONER);
        put(NodeObserved.class, Topic.NODES, Producer.TOPOLOGY);
        put(NodeTopologyAssigned.class, Topic.NODES, Producer.TOPOLOGY);
        put(ArrayRegistered.class, Topic.ARRAYS, Producer.PROVISIONER);
        put(ArrayRegistrationFailed.class, Topic.ARRAYS, Producer.PROVISIONER);
        put(ArrayRemoved.class, Topic.ARRAYS, Producer.PROVISIONER);
        put(AttachRequested.class, Topic.ATTACHMENTS, Producer.ATTACH);
        put(DetachRequested.class, Topic.ATTACHMENTS, Producer.ATTACH);
        put(VolumeAttached.class, Topic.ATTACHMENTS, Producer.ATTACH);
        put(AttachFailed.class, Topic.ATTACHMENTS, Producer.ATTACH);
        put(VolumeDetached.class, Topic.ATTACHMENTS, Producer.ATTACH);
        put(ConnectionHealed.class, Topic.ATTACHMENTS, Producer.ATTACH);
        put(DriveProvisioned.class, Topic.POOLS, Producer.PROVISIONER);
        put(DriveResized.class, Topic.POOLS, Producer.PROVISIONER);
        put(DriveAttached.class, Topic.POOLS, Producer.ATTACH);
        put(DriveAttachFailed.class, Topic.POOLS, Producer.ATTACH);
        put(DriveDetached.class, Topic.POOLS, Producer.ATTACH);
        put(PoolOnline.class, Topic.POOLS, Producer.PROVISIONER);
        put(PoolExpanded.class, Topic.POOLS, Producer.PROVISIONER);
        put(PoolExpansionBlocked.class, Topic.POOLS, Producer.PROVISIONER);
        put(PoolProvisioningFailed.class, Topic.POOLS, Producer.PROVISIONER);
        put(NodeStorageRoleAssigned.class, Topic.NODES, Producer.PROVISIONER);
        put(NodeOffline.class, Topic.NODES, Producer.HEALTH);
        put(NodeRecovered.class, Topic.NODES, Producer.HEALTH);
        put(NodeTakeoverDecided.class, Topic.NODES, Producer.HEALTH);
        put(NodeTakeoverBlocked.class, Topic.NODES, Producer.HEALTH);
        put(NodeFenced.class, Topic.NODES, Producer.ATTACH);
        put(NodeFencingFailed.class, Topic.NODES, Producer.ATTACH);
        put(DrivesMoved.class, Topic.NODES, Producer.ATTACH);
        put(NodeIdentityTransferred.class, Topic.NODES, Producer.PROVISIONER);
        put(NodeTakeoverCompleted.class, Topic.NODES, Producer.HEALTH);
        put(NodeConnectionsVerified.class, Topic.NODES, Producer.ATTACH);
        put(PodArrayStatusChanged.class, Topic.ARRAYS, Producer.HEALTH);
        put(MediatorUnreachable.class, Topic.ARRAYS, Producer.HEALTH);
        put(AttachmentPathChanged.class, Topic.ATTACHMENTS, Producer.ATTACH);
        put(PoolVolumeProvisioned.class, Topic.VOLUMES, Producer.PROVISIONER);
    }

    private EventCatalog() {
    }

    private static void put(Class<? extends SpecificRecord> type, Topic topic, Producer producer) {
        TOPIC_BY_EVENT.put(type, topic);
        PRODUCER_BY_EVENT.put(type, producer);
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

    /** The one service that emits an event type: an event of that type from any other {@code source} is forged. */
    public static Producer producerOf(Class<? extends SpecificRecord> eventType) {
        return Optional.ofNullable(PRODUCER_BY_EVENT.get(eventType))
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
