package dev.mooring.health;

import static io.restassured.RestAssured.given;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.nodes.DrivesMoved;
import dev.mooring.events.Failure;
import dev.mooring.events.nodes.NodeFenced;
import dev.mooring.events.nodes.NodeFencingFailed;
import dev.mooring.events.nodes.NodeIdentityTransferred;
import dev.mooring.events.nodes.NodeObserved;
import dev.mooring.events.nodes.NodeStorageRoleAssigned;
import dev.mooring.events.nodes.NodeTopologyAssigned;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.testing.EventSender;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.SimulatorResource;
import dev.mooring.testing.TopicReader;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/**
 * The cluster around health-svc in a test: kubelets renewing their Leases in the Kubernetes API test server (or
 * node agents posting heartbeats), topology-svc and provisioner-svc announcing zones, initiators and storage
 * roles, attach-svc and provisioner-svc reporting takeover phases — and what health-svc publishes.
 */
public final class Cluster implements AutoCloseable {

    public static final Duration DEADLINE = Duration.ofSeconds(30);
    public static final String LEASES = "kube-node-lease";

    private final KubernetesClient kubernetes;
    private final EventSender sender = new EventSender();
    private final TopicReader nodes = new TopicReader(KafkaBroker.shared(), "mooring.nodes");
    private final ScheduledExecutorService kubelets = Executors.newScheduledThreadPool(1);
    private final Set<String> renewing = ConcurrentHashMap.newKeySet();
    private final Set<String> agents = ConcurrentHashMap.newKeySet();

    public Cluster(KubernetesClient kubernetes, Duration renewEvery) {
        this.kubernetes = kubernetes;
        kubelets.scheduleWithFixedDelay(this::renewAll, 0, renewEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Puts the simulator's pure.json into the Secret health-svc reads. */
    public static void arraysInSecret(KubernetesClient kubernetes) {
        String pureJson = SimulatorResource.pureJsonFor(SimulatorResource.simulator());
        kubernetes.secrets().inNamespace("kube-system").resource(new SecretBuilder()
                        .withNewMetadata().withName("px-pure-secret").withNamespace("kube-system").endMetadata()
                        .withData(Map.of("pure.json", Base64.getEncoder()
                                .encodeToString(pureJson.getBytes(StandardCharsets.UTF_8))))
                        .build())
                .createOr(existing -> existing.update());
    }

    /** A node whose kubelet renews its Lease from now on. */
    public void kubeletRuns(String node) {
        Lease lease = new LeaseBuilder().withNewMetadata().withName(node).withNamespace(LEASES).endMetadata()
                .withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds(40).withRenewTime(now()).endSpec()
                .build();
        kubernetes.leases().inNamespace(LEASES).resource(lease).createOr(existing -> existing.update());
        renewing.add(node);
    }

    /** The kubelet stops renewing (the node died). */
    public void kubeletStops(String node) {
        renewing.remove(node);
    }

    /** A node agent posts heartbeats from now on instead. */
    public void agentRuns(String node) {
        agents.add(node);
        heartbeat(node);
    }

    public void agentStops(String node) {
        agents.remove(node);
    }

    /** What topology-svc and provisioner-svc say of a storage node. */
    public void storageNode(String node, String zone) {
        topology(node, zone);
        observed(node, true);
        storageRole(node, zone);
    }

    /** provisioner-svc's choice alone: the node holds a pool. */
    public void storageRole(String node, String zone) {
        sender.send("mooring.nodes", NodeStorageRoleAssigned.newBuilder().setEnvelope(envelope(node)).setNodeName(node)
                .setRole("storage").setRegion("r1").setZone(zone).setPoolId("pool-" + node)
                .setReason("zone " + zone + " has room for a storage node").build());
    }

    /** ... and of a storageless node, with or without its initiators known. */
    public void storagelessNode(String node, String zone, boolean initiatorsKnown) {
        topology(node, zone);
        observed(node, initiatorsKnown);
        sender.send("mooring.nodes", NodeStorageRoleAssigned.newBuilder().setEnvelope(envelope(node)).setNodeName(node)
                .setRole("storageless").setRegion("r1").setZone(zone).setPoolId(null)
                .setReason("zone " + zone + " has its storage nodes").build());
    }

    public void topology(String node, String zone) {
        sender.send("mooring.nodes", NodeTopologyAssigned.newBuilder().setEnvelope(envelope(node)).setNodeName(node)
                .setRegion("r1").setZone(zone).setRack(null).setRegionSource("label:px/region")
                .setZoneSource("label:px/zone").setRackSource(null).setConflicts(List.of()).build());
    }

    public void observed(String node, boolean initiatorsKnown) {
        sender.send("mooring.nodes", NodeObserved.newBuilder().setEnvelope(envelope(node)).setNodeName(node)
                .setLabels(Map.of("px/zone", "z")).setReady(true).setRemoved(false)
                .setIscsiIqns(initiatorsKnown ? List.of("iqn.2026-01.dev.mooring:" + node) : List.of())
                .setFcWwns(List.of()).build());
    }

    /** What attach-svc and provisioner-svc report as the takeover goes on. */
    public void fenced(String takeoverId, String failed, String replacement) {
        sender.send("mooring.nodes", NodeFenced.newBuilder().setEnvelope(envelope(failed)).setTakeoverId(takeoverId)
                .setFailedNode(failed).setReplacementNode(replacement).setRemoved(List.of())
                .setVerifiedArrays(List.of("array-a", "array-b")).build());
    }

    public void fencingFailed(String takeoverId, String failed, String replacement) {
        sender.send("mooring.nodes", NodeFencingFailed.newBuilder().setEnvelope(envelope(failed))
                .setTakeoverId(takeoverId).setFailedNode(failed).setReplacementNode(replacement)
                .setFailure(Failure.newBuilder().setReason("ArrayUnreachable")
                        .setMessage("array-b did not answer; fencing is retried").setRetryable(true).build())
                .build());
    }

    public void drivesMoved(String takeoverId, String failed, String replacement) {
        sender.send("mooring.nodes", DrivesMoved.newBuilder().setEnvelope(envelope(failed)).setTakeoverId(takeoverId)
                .setFailedNode(failed).setReplacementNode(replacement).setConnections(List.of()).build());
    }

    public NodeIdentityTransferred identityTransferred(String takeoverId, String failed, String replacement) {
        NodeIdentityTransferred e = NodeIdentityTransferred.newBuilder().setEnvelope(envelope(failed))
                .setTakeoverId(takeoverId).setFailedNode(failed).setReplacementNode(replacement)
                .setPoolId("pool-" + failed).build();
        sender.send("mooring.nodes", e);
        return e;
    }

    public EventSender sender() {
        return sender;
    }

    /** Events health-svc published about a node, of one type, in order. */
    public <T extends SpecificRecord> List<T> events(Class<T> type, String node) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : nodes.records()) {
            if (!node.equals(record.key())) {
                continue;
            }
            SpecificRecord event = EventCodec.instance().decode(record.value());
            if (type.isInstance(event)) {
                out.add(type.cast(event));
            }
        }
        return out;
    }

    public <T extends SpecificRecord> T await(Class<T> type, String node) {
        return await(type, node, e -> true, DEADLINE);
    }

    public <T extends SpecificRecord> T await(Class<T> type, String node, Predicate<T> match, Duration deadline) {
        Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(100))
                .until(() -> events(type, node).stream().anyMatch(match));
        return events(type, node).stream().filter(match).findFirst().orElseThrow();
    }

    /** Waits until GET /api/v1/nodes/{name} shows the state. */
    public JsonPath awaitState(String node, String state) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> state.equals(api().get("/api/v1/nodes/" + node).then().extract().path("state")));
        return node(node);
    }

    public static JsonPath node(String node) {
        return api().get("/api/v1/nodes/" + node).then().statusCode(200).extract().jsonPath();
    }

    public static RequestSpecification api() {
        return given().auth().oauth2("test-token");
    }

    public static void heartbeat(String node) {
        api().post("/api/v1/nodes/" + node + "/heartbeat").then().statusCode(204);
    }

    private void renewAll() {
        try {
            for (String node : renewing) {
                kubernetes.leases().inNamespace(LEASES).withName(node).edit(l -> {
                    l.getSpec().setRenewTime(now());
                    return l;
                });
            }
            for (String node : agents) {
                heartbeat(node);
            }
        } catch (RuntimeException e) {
            // a missed renewal is what the grace period is for; the next round renews again
        }
    }

    private static ZonedDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
    }

    /** An envelope as another service would write it, keyed by {@code key}. */
    public static EventEnvelope envelope(String key) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).setSource("test")
                .setCorrelationId("test-" + key).setKey(key).build();
    }

    @Override
    public void close() {
        kubelets.shutdownNow();
        sender.close();
        nodes.close();
    }
}
