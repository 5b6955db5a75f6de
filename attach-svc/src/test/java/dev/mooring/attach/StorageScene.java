package dev.mooring.attach;

import static dev.mooring.attach.Scene.DEADLINE;
import static dev.mooring.attach.Scene.sim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.pools.DriveProvisioned;
import dev.mooring.events.pools.DriveResized;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.testing.EventSender;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.TopicReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the drive, takeover, recovery and path ITs arrange as the rest of the system would — drive volumes on the
 * simulator with the provisioner's {@code DriveProvisioned}, health-svc's liveness and takeover events, pod status —
 * and what they observe: the events on {@code mooring.pools}, {@code mooring.nodes} and {@code mooring.attachments},
 * and the simulator's connection history (the safety invariant).
 */
public final class StorageScene implements AutoCloseable {

    private final EventSender sender = new EventSender();
    private final TopicReader pools = reader("mooring.pools");
    private final TopicReader nodes = reader("mooring.nodes");
    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private int counter;

    private static TopicReader reader(String topic) {
        return new TopicReader(KafkaBroker.shared(), topic);
    }

    /** A drive the provisioner made for the node's pool: the volume on the simulator, not yet announced. */
    public record SimDrive(String name, String array, String poolId, String serial, String node) {
        public String wwid() {
            return "3624a9370" + serial.toLowerCase(Locale.ROOT);
        }
    }

    public SimDrive driveVolume(String array, String node) {
        String name = "mooring-drive-" + tag + "-" + (++counter);
        Volume v = sim().fleet().createVolume(array, name, 150L << 30, null, null);
        return new SimDrive(name, array, "pool-" + node, v.serial(), node);
    }

    /** The drive's volume made and {@code DriveProvisioned} published; returns the event. */
    public DriveProvisioned provision(SimDrive d) {
        return provision(d, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** As {@link #provision(SimDrive)}, with the time the provisioner says it happened. */
    public DriveProvisioned provision(SimDrive d, Instant occurredAt) {
        EventEnvelope envelope = envelope(d.node(), "provisioner-svc");
        envelope.setOccurredAt(occurredAt);
        DriveProvisioned event = DriveProvisioned.newBuilder()
                .setEnvelope(envelope)
                .setNodeName(d.node()).setPoolId(d.poolId()).setDriveName(d.name()).setArray(d.array())
                .setSizeBytes(150L << 30).setSerial(d.serial()).setPurpose("initial").build();
        send("mooring.pools", event);
        return event;
    }

    public DriveResized resized(SimDrive d, long size) {
        return DriveResized.newBuilder().setEnvelope(envelope(d.node(), "provisioner-svc")).setNodeName(d.node())
                .setPoolId(d.poolId()).setDriveName(d.name()).setArray(d.array()).setPreviousSizeBytes(150L << 30)
                .setSizeBytes(size).build();
    }

    public NodeTakeoverDecided takeover(String failed, String replacement) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return NodeTakeoverDecided.newBuilder().setEnvelope(envelope(failed, "health-svc"))
                .setTakeoverId("takeover-" + UUID.randomUUID()).setFailedNode(failed).setReplacementNode(replacement)
                .setRegion("r1").setZone("z1").setLastHeartbeatAt(now.minusSeconds(120)).setDeadlineAt(now).build();
    }

    /** The same takeover announced again (as a restarted health-svc might), with a new event id. */
    public NodeTakeoverDecided announcedAgain(NodeTakeoverDecided decided) {
        return NodeTakeoverDecided.newBuilder().setEnvelope(envelope(decided.getFailedNode(), "health-svc"))
                .setTakeoverId(decided.getTakeoverId()).setFailedNode(decided.getFailedNode())
                .setReplacementNode(decided.getReplacementNode()).setRegion(decided.getRegion())
                .setZone(decided.getZone()).setLastHeartbeatAt(decided.getLastHeartbeatAt())
                .setDeadlineAt(decided.getDeadlineAt()).build();
    }

    public NodeOffline offline(String node) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return NodeOffline.newBuilder().setEnvelope(envelope(node, "health-svc")).setNodeName(node)
                .setLastHeartbeatAt(now.minusSeconds(40)).setTakeoverDeadlineAt(now.plusSeconds(80))
                .setSignals(List.of("lease")).build();
    }

    public NodeRecovered recovered(String node) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return NodeRecovered.newBuilder().setEnvelope(envelope(node, "health-svc")).setNodeName(node)
                .setLastHeartbeatAt(now.minusSeconds(60)).setRecoveredAt(now).setOutageMillis(60_000)
                .setSignals(List.of("lease")).build();
    }

    public PodArrayStatusChanged podStatus(String array, String pod, String status, String previous) {
        return PodArrayStatusChanged.newBuilder().setEnvelope(envelope(array, "health-svc")).setArray(array)
                .setPodName(pod).setStatus(status).setPreviousStatus(previous)
                .setProgress("resyncing".equals(status) ? 0.5 : null).setMediatorStatus("online").build();
    }

    public void send(String topic, SpecificRecord event) {
        sender.send(topic, event);
    }

    private static EventEnvelope envelope(String key, String source) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setSource(source)
                .setCorrelationId("corr-" + key).setKey(key).build();
    }

    /** Waits for {@code count} events of the type on {@code mooring.pools} that match. */
    public <T extends SpecificRecord> List<T> awaitPools(Class<T> type, Predicate<T> match, int count) {
        return await(pools, type, match, count);
    }

    /** Waits for {@code count} events of the type on {@code mooring.nodes} that match. */
    public <T extends SpecificRecord> List<T> awaitNodes(Class<T> type, Predicate<T> match, int count) {
        return await(nodes, type, match, count);
    }

    public <T extends SpecificRecord> List<T> pools(Class<T> type, Predicate<T> match) {
        return seen(pools, type, match);
    }

    public <T extends SpecificRecord> List<T> nodes(Class<T> type, Predicate<T> match) {
        return seen(nodes, type, match);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> List<T> await(TopicReader reader, Class<T> type, Predicate<T> match,
                                                            int count) {
        reader.await(r -> {
            SpecificRecord e = decode(r.value());
            return type.isInstance(e) && match.test((T) e);
        }, count, DEADLINE);
        return seen(reader, type, match);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> List<T> seen(TopicReader reader, Class<T> type, Predicate<T> match) {
        return reader.records().stream().map(r -> decode(r.value())).filter(type::isInstance).map(e -> (T) e)
                .filter(match).toList();
    }

    private static SpecificRecord decode(byte[] value) {
        try {
            return EventCodec.instance().decode(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The safety invariant, from the simulator's connection history: at no instant was the volume connected (on
     * that array) to both hosts. Returns the history it checked, in order.
     */
    public static List<ConnectionEvent> assertNeverOnBoth(String array, String volume, String hostA, String hostB) {
        List<ConnectionEvent> history = new ArrayList<>(sim().admin().connectionHistory(array, null, volume, 0));
        history.sort(Comparator.comparingLong(ConnectionEvent::seq));
        Set<String> connected = new HashSet<>();
        for (ConnectionEvent e : history) {
            String host = e.host() == null ? "" : e.host().toLowerCase(Locale.ROOT);
            if (ConnectionEvent.CONNECT.equals(e.action())) {
                connected.add(host);
            } else if (ConnectionEvent.DISCONNECT.equals(e.action())) {
                connected.remove(host);
            }
            assertThat(connected.contains(hostA.toLowerCase(Locale.ROOT))
                    && connected.contains(hostB.toLowerCase(Locale.ROOT)))
                    .as("%s on %s connected to %s and %s at once after history seq %d (%s)", volume, array, hostA,
                            hostB, e.seq(), history)
                    .isFalse();
        }
        return history;
    }

    @Override
    public void close() {
        sender.close();
        pools.close();
        nodes.close();
    }
}
