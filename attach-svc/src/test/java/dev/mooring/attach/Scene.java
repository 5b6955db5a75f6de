package dev.mooring.attach;

import dev.mooring.testing.EventSender;
import static io.restassured.RestAssured.given;

import dev.mooring.events.serde.EventCodec;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import dev.mooring.flasharray.sim.domain.HostSpec;
import dev.mooring.flasharray.sim.domain.Snapshots;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.SimulatorResource;
import dev.mooring.testing.TopicReader;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * What an attach-svc IT arranges, as the rest of the system would: array volumes on the simulator and the
 * provisioner's {@code VolumeProvisioned} for them, Nodes with initiator annotations, PersistentVolumes and
 * VolumeAttachments in the Kubernetes API test server; and what it observes: the arrays' connections, the
 * events on {@code mooring.attachments}, VolumeAttachment status. Names carry a per-test tag, so tests never
 * see each other's objects.
 */
public final class Scene implements AutoCloseable {

    public static final Duration DEADLINE = Duration.ofSeconds(30);
    public static final String ATTACHER = "pxd.portworx.com";
    public static final String A = "array-a";
    public static final String B = "array-b";

    private final KubernetesClient kube;
    private final EventSender sender = new EventSender();
    private final TopicReader attachmentEvents = new TopicReader(KafkaBroker.shared(),
            "mooring.attachments");
    private final String tag = UUID.randomUUID().toString().substring(0, 6);
    private final AtomicInteger counter = new AtomicInteger();

    public Scene(KubernetesClient kube) {
        this.kube = kube;
    }

    public static FlashArraySimulator sim() {
        return SimulatorResource.simulator();
    }

    public static ConditionFactory await() {
        return Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50));
    }

    public static RequestSpecification api() {
        return given().auth().oauth2("test-token");
    }

    /** A volume the provisioner made: on the simulator, and announced with {@code VolumeProvisioned}. */
    public record SimVolume(String id, String name, String serial, List<String> arrays) {
        public String wwid() {
            return "3624a9370" + serial.toLowerCase(Locale.ROOT);
        }
    }

    /** A ReadWriteOnce filesystem volume on one array. */
    public SimVolume volume(String array) {
        return volume(array, null, List.of("ReadWriteOnce"), "Filesystem");
    }

    /** A volume in the stretched pod {@code pod1}, served by both arrays. */
    public SimVolume stretchedVolume() {
        return volume(A, "pod1", List.of("ReadWriteOnce"), "Filesystem");
    }

    public SimVolume volume(String array, String pod, List<String> accessModes, String volumeMode) {
        String base = "mooring-it-" + tag + "-" + counter.incrementAndGet();
        String name = pod == null ? base : pod + "::" + base;
        Volume created = sim().fleet().createVolume(array, name, 1L << 30, null, null);
        List<String> arrays = pod == null ? List.of(array) : List.of(A, B);
        SimVolume volume = new SimVolume(UUID.randomUUID().toString(), name, created.serial(), arrays);
        sender.send("mooring.volumes", TestEvents.provisioned(volume.id(), name, arrays, created.serial(), accessModes,
                volumeMode));
        await().until(() -> api().get("/api/v1/volumes/" + volume.id()).statusCode() == 200);
        return volume;
    }

    /** A fresh node name for this test. */
    public String nodeName(String role) {
        return role + "-" + tag + "-" + counter.incrementAndGet();
    }

    public static String iqnOf(String node) {
        return "iqn.2024-01.dev.mooring.it:" + node;
    }

    /** A Node with an iSCSI IQN annotation; waits until attach-svc has recorded it. */
    public String iscsiNode(String role) {
        String node = nodeName(role);
        node(node, Map.of("mooring.dev/iscsi-iqn", iqnOf(node)));
        return node;
    }

    /** A Node with the given annotations; waits until attach-svc has recorded it. */
    public void node(String name, Map<String, String> annotations) {
        kube.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withAnnotations(annotations)
                .endMetadata().build()).create();
        await().until(() -> api().get("/api/v1/nodes/" + name).statusCode() == 200);
    }

    /** Changes a Node's annotations. */
    public void annotate(String name, Map<String, String> annotations) {
        kube.nodes().withName(name).edit(n -> {
            Map<String, String> all = new HashMap<>(n.getMetadata().getAnnotations() == null ? Map.of()
                    : n.getMetadata().getAnnotations());
            all.putAll(annotations);
            n.getMetadata().setAnnotations(all);
            return n;
        });
    }

    /** A PersistentVolume of Mooring's CSI driver whose volume handle is the volume id, then a VolumeAttachment. */
    public String attach(SimVolume volume, String node) {
        String pv = "pvc-" + tag + "-" + counter.incrementAndGet();
        kube.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(pv).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withNewCsi().withDriver(ATTACHER).withVolumeHandle(volume.id()).endCsi().endSpec().build()).create();
        String name = "csi-" + tag + "-" + counter.incrementAndGet();
        kube.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withAttacher(ATTACHER).withNodeName(node).withNewSource()
                .withPersistentVolumeName(pv).endSource().endSpec().build()).create();
        return name;
    }

    public VolumeAttachment va(String name) {
        return kube.storage().v1().volumeAttachments().withName(name).get();
    }

    /** Waits until the VolumeAttachment is attached and returns it. */
    public VolumeAttachment awaitAttached(String name) {
        await().until(() -> {
            VolumeAttachment va = va(name);
            return va != null && va.getStatus() != null && Boolean.TRUE.equals(va.getStatus().getAttached());
        });
        return va(name);
    }

    /** Waits until the VolumeAttachment shows an attach error and returns its message. */
    public String awaitAttachError(String name) {
        await().until(() -> {
            VolumeAttachment va = va(name);
            return va != null && va.getStatus() != null && va.getStatus().getAttachError() != null;
        });
        return va(name).getStatus().getAttachError().getMessage();
    }

    public void deleteVa(String name) {
        kube.storage().v1().volumeAttachments().withName(name).delete();
    }

    /** The private connections of a volume on an array. */
    public static List<Snapshots.ConnectionInfo> connections(String array, String volume) {
        return sim().fleet().connectionInfos(array).stream().filter(c -> c.volume().equalsIgnoreCase(volume)).toList();
    }

    public static List<String> connectedHosts(String array, String volume) {
        return connections(array, volume).stream().map(Snapshots.ConnectionInfo::host).sorted().toList();
    }

    /** The connection history of a host and volume on an array, with the given action. */
    public static List<ConnectionEvent> history(String array, String host, String volume, String action) {
        return sim().admin().connectionHistory(array, host, volume, 0).stream()
                .filter(e -> e.action().equals(action)).toList();
    }

    /** A host made on the array by someone else, with the initiators given. */
    public static void foreignHost(String array, String name, List<String> iqns) {
        sim().fleet().createHost(array, name, HostSpec.withInitiators(iqns, null, null));
    }

    /** A connection made on the array by hand (not through Mooring). */
    public static void connectByHand(String array, String host, String volume) {
        sim().fleet().connectHost(array, sim().fleet().host(array, host), sim().fleet().volume(array, volume), null);
    }

    /** Waits for events on {@code mooring.attachments} of the given type that match. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> List<T> awaitEvents(Class<T> type, Predicate<T> match, int count) {
        Predicate<ConsumerRecord<String, byte[]>> matches = r -> {
            SpecificRecord e = decode(r.value());
            return type.isInstance(e) && match.test((T) e);
        };
        return attachmentEvents.await(matches, count, DEADLINE).stream().map(r -> (T) decode(r.value())).toList();
    }

    /** The events of a type on {@code mooring.attachments} seen so far that match. */
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> List<T> events(Class<T> type, Predicate<T> match) {
        return attachmentEvents.records().stream().map(r -> decode(r.value())).filter(type::isInstance)
                .map(e -> (T) e).filter(match).toList();
    }

    private static SpecificRecord decode(byte[] value) {
        try {
            return EventCodec.instance().decode(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        sim().admin().clearFaults();
        sender.close();
        attachmentEvents.close();
    }
}
