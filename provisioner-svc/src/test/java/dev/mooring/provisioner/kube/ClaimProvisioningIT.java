package dev.mooring.provisioner.kube;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.volumes.VolumeProvisioningFailed;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.events.volumes.VolumeResizeRequested;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.domain.PodUpdate;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.provisioner.ClusterArraysResource;
import dev.mooring.provisioner.KubernetesTestResources;
import dev.mooring.provisioner.PoolFixtures;
import dev.mooring.provisioner.service.PoolCapacityChanged;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.SimulatorResource;
import dev.mooring.testing.TopicReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.TopologySelectorTermBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The direct-access story of the seeds, from the Kubernetes side: an operator applies pure.json in the Secret
 * and the seed's StorageClass, a user creates a PersistentVolumeClaim, and finds a PV bound to it whose volume
 * lives in the stretched pod on both (simulated) FlashArrays — or an Event on the claim that says why not.
 *
 * <p>The Kubernetes API test server runs no controllers: where Kubernetes' PV controller would bind a PV to
 * its claim (or mark it Released), the test plays that part itself ({@link #bind}).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@KubernetesTestResources
class ClaimProvisioningIT {

    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final String DRIVER = "pxd.portworx.com";
    private static final String SEED_CLASS = "fada-activecluster-sc";
    private static final String NS = "apps";
    private static final long GI = 1L << 30;

    @Inject
    KubernetesClient kubernetes;

    @Inject
    jakarta.enterprise.event.Event<PoolCapacityChanged> capacity;

    private TopicReader volumes;

    @BeforeEach
    void arraysFromTheSecretAndTheSeedsStorageClass() {
        String pureJson = SimulatorResource.pureJsonFor(sim());
        kubernetes.secrets().inNamespace("kube-system").resource(new SecretBuilder()
                        .withNewMetadata().withName("px-pure-secret").withNamespace("kube-system").endMetadata()
                        .withData(Map.of("pure.json", Base64.getEncoder()
                                .encodeToString(pureJson.getBytes(StandardCharsets.UTF_8))))
                        .build())
                .createOr(existing -> existing.update());
        await().until(() -> given().auth().oauth2("test-token").get("/api/v1/arrays").then().extract().jsonPath()
                .getList("arrays.status", String.class).stream().filter("Registered"::equals).count() == 2);
        // The seed's StorageClass, as 000_47479b46186bd65a.txt gives it.
        apply(storageClass(SEED_CLASS, Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"), "Immediate", true,
                null, false));
        volumes = new TopicReader(KafkaBroker.shared(), "mooring.volumes");
    }

    @AfterEach
    void clear() {
        sim().admin().clearFaults();
        volumes.close();
    }

    @Test
    void theSeedsClaimGetsAVolumeOnBothArraysAndAPvBoundToIt() {
        PersistentVolumeClaim pvc = createClaim("vm-disk", SEED_CLASS, "10Gi", "Block", List.of("ReadWriteMany"),
                Map.of());
        String uid = uid(pvc);

        PersistentVolume pv = awaitPv(uid);

        assertThat(pv.getMetadata().getName()).isEqualTo("pvc-" + uid);
        assertThat(pv.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/provisioned-by", DRIVER);
        assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo(NS);
        assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("vm-disk");
        assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(uid);
        assertThat(pv.getSpec().getCsi().getDriver()).isEqualTo(DRIVER);
        assertThat(pv.getSpec().getCsi().getVolumeHandle()).isEqualTo(uid);
        assertThat(pv.getSpec().getCapacity().get("storage")).isEqualTo(new Quantity("10Gi"));
        assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Block");
        assertThat(pv.getSpec().getStorageClassName()).isEqualTo(SEED_CLASS);
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
        Map<String, String> attributes = pv.getSpec().getCsi().getVolumeAttributes();
        assertThat(attributes).containsEntry("arrays", "array-a,array-b").containsEntry("pod", "pod1")
                .containsEntry("backend", "pure_block");
        String arrayVolume = attributes.get("arrayVolumeName");
        assertThat(arrayVolume).startsWith("pod1::mooring-pvc-");
        // One volume of the stretched pod, the same on both arrays.
        assertThat(sim().fleet().volume("array-a", arrayVolume).serial())
                .isEqualTo(sim().fleet().volume("array-b", arrayVolume).serial())
                .isEqualTo(attributes.get("serial"));
        assertThat(sim().fleet().volume("array-b", arrayVolume).provisioned()).isEqualTo(10 * GI);
        assertThat(awaitEvent(pvc, "ProvisioningSucceeded").getType()).isEqualTo("Normal");
        JsonPath volume = api().get("/api/v1/volumes/" + uid).then().statusCode(200).extract().jsonPath();
        assertThat(volume.getString("state")).isEqualTo("Ready");
        assertThat(volume.getString("claim.name")).isEqualTo("vm-disk");
        assertThat(volume.getList("arrays", String.class)).containsExactly("array-a", "array-b");

        bind(pvc, pv);
        kubernetes.persistentVolumeClaims().inNamespace(NS).withName("vm-disk")
                .edit(c -> new PersistentVolumeClaimBuilder(c).editMetadata().addToLabels("touched", "yes").endMetadata()
                        .build());
        // The informers resync every second in tests: the claim is seen again and again, and requested once.
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> count(VolumeRequested.class, uid) == 1);
        assertThat(volumesNamed(arrayVolume)).isEqualTo(1);
    }

    @Test
    void aPoolBackedClaimThatCannotBePlacedSaysWhyThenGetsItsPvWhenAPoolComesOnline() {
        PoolFixtures.clear();
        PoolFixtures.add(PoolFixtures.PoolSpec.online("small-pool", "node-1", "zone-a", 5, "array-a"));
        apply(storageClass("pool-backed", Map.of("repl", "1"), "Immediate", false, null, false));
        PersistentVolumeClaim pvc = createClaim("pool-data", "pool-backed", "10Gi", null, List.of("ReadWriteOnce"),
                Map.of());
        String uid = uid(pvc);

        Event failed = awaitEvent(pvc, "ProvisioningFailed");
        assertThat(failed.getType()).isEqualTo("Warning");
        assertThat(failed.getMessage()).contains("pool-backed", "PlacementImpossible", "excluded: 1 by free space");
        assertThat(pv(uid)).isEmpty();

        PoolFixtures.add(PoolFixtures.PoolSpec.online("big-pool", "node-2", "zone-b", 50, "array-b"));
        capacity.fireAsync(new PoolCapacityChanged("big-pool"));

        PersistentVolume pv = awaitPv(uid);
        assertThat(pv.getSpec().getCsi().getDriver()).isEqualTo(DRIVER);
        assertThat(pv.getSpec().getCsi().getVolumeHandle()).isEqualTo(uid);
        assertThat(pv.getSpec().getCsi().getVolumeAttributes()).containsEntry("backend", "pool")
                .containsEntry("repl", "1");
        assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(uid);
        assertThat(awaitEvent(pvc, "ProvisioningSucceeded").getMessage())
                .contains("1 replica(s) on node node-2 (pool big-pool, zone zone-b)");
        assertThat(api().get("/api/v1/volumes/" + uid).then().extract().jsonPath().getList("replicas.pool",
                String.class)).containsExactly("big-pool");
    }

    @Test
    void waitForFirstConsumerWaitsForTheSchedulersNode() {
        apply(storageClass("late-binding", Map.of("backend", "pure_block"), "WaitForFirstConsumer", false, null, false));
        PersistentVolumeClaim pvc = createClaim("db-data", "late-binding", "1Gi", null, List.of("ReadWriteOnce"), Map.of());
        String uid = uid(pvc);

        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> count(VolumeRequested.class, uid) == 0 && pv(uid).isEmpty());

        kubernetes.persistentVolumeClaims().inNamespace(NS).withName("db-data").edit(c -> new PersistentVolumeClaimBuilder(c)
                .editMetadata().addToAnnotations("volume.kubernetes.io/selected-node", "node-1").endMetadata().build());

        PersistentVolume pv = awaitPv(uid);
        assertThat(pv.getSpec().getVolumeMode()).isEqualTo("Filesystem");
        VolumeRequested requested = (VolumeRequested) await().until(() -> events(VolumeRequested.class, uid),
                list -> !list.isEmpty()).get(0);
        assertThat(requested.getSelectedNode().toString()).isEqualTo("node-1");
        assertThat(requested.getClaim().getUid().toString()).isEqualTo(uid);
        assertThat(requested.getStorageClassName().toString()).isEqualTo("late-binding");
        assertThat(api().get("/api/v1/volumes/" + uid).then().extract().jsonPath().getString("claim.selectedNode"))
                .isEqualTo("node-1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case                | pod          | extra parameter    | reason               | the message names
            "pod missing           | no-such-pod  | ''                 | PodNotFound          | no-such-pod",
            "pod not stretched     | local1       | ''                 | PodNotStretched      | array-a",
            "pod demoted           | demoted1     | ''                 | PodNotPromoted       | demoted1",
            "pod in a realm        | pod-t        | ''                 | PodInRealm           | tenant1",
            "allowedTopologies     | pod1         | topology           | TopologyNotSupported | allowedTopologies",
            "max_iops too low      | pod1         | max_iops=50        | InvalidParameter     | max_iops",
            "max_bandwidth too big | pod1         | max_bandwidth=1T   | InvalidParameter     | max_bandwidth",
            "unknown backend       | ''           | backend=ceph       | InvalidParameter     | ceph"})
    void eachRefusalIsAnEventOnTheClaimAndAFailedVolume(String what, String pod, String extra, String reason,
                                                        String names) {
        localPods();
        Map<String, String> parameters = new HashMap<>(Map.of("backend", "pure_block"));
        if (!pod.isEmpty()) {
            parameters.put("pure_fa_pod_name", pod);
        }
        if (extra.contains("=")) {
            parameters.put(extra.substring(0, extra.indexOf('=')), extra.substring(extra.indexOf('=') + 1));
        }
        String className = "refuse-" + what.replace(' ', '-').replace("_", "").toLowerCase();
        apply(storageClass(className, parameters, "Immediate", false, null, extra.equals("topology")));
        PersistentVolumeClaim pvc = createClaim("claim-" + className, className, "1Gi", null,
                List.of("ReadWriteOnce"), Map.of());
        String uid = uid(pvc);

        Event event = awaitEvent(pvc, "ProvisioningFailed");

        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).contains(className, reason, names);
        VolumeProvisioningFailed failed = (VolumeProvisioningFailed) await()
                .until(() -> events(VolumeProvisioningFailed.class, uid), list -> !list.isEmpty()).get(0);
        assertThat(failed.getFailure().getReason().toString()).isEqualTo(reason);
        assertThat(failed.getFailure().getMessage().toString()).contains(names);
        JsonPath volume = api().get("/api/v1/volumes/" + uid).then().statusCode(200).extract().jsonPath();
        assertThat(volume.getString("state")).isEqualTo("Failed");
        assertThat(volume.getString("failure.reason")).isEqualTo(reason);
        assertThat(pv(uid)).isEmpty();
    }

    @Test
    void deletingAClaimWithReclaimDeleteDestroysTheArrayVolumeThenThePv() {
        PersistentVolumeClaim pvc = createClaim("scratch", SEED_CLASS, "1Gi", null, List.of("ReadWriteOnce"), Map.of());
        String uid = uid(pvc);
        PersistentVolume pv = awaitPv(uid);
        bind(pvc, pv);
        String arrayVolume = pv.getSpec().getCsi().getVolumeAttributes().get("arrayVolumeName");

        kubernetes.persistentVolumeClaims().inNamespace(NS).withName("scratch").delete();

        await().until(() -> sim().fleet().volume("array-a", arrayVolume).destroyed()
                && sim().fleet().volume("array-b", arrayVolume).destroyed());
        await().until(() -> pv(uid).isEmpty());
        assertThat(api().get("/api/v1/volumes/" + uid).then().extract().jsonPath().getString("state"))
                .isEqualTo("Deleted");
    }

    @Test
    void aPvReleasedByKubernetesIsReclaimedLikeADeletedClaim() {
        PersistentVolumeClaim pvc = createClaim("released", SEED_CLASS, "1Gi", null, List.of("ReadWriteOnce"), Map.of());
        String uid = uid(pvc);
        PersistentVolume pv = awaitPv(uid);
        String arrayVolume = pv.getSpec().getCsi().getVolumeAttributes().get("arrayVolumeName");

        // What Kubernetes' PV controller does once the claim is gone (a deletion the provisioner did not see).
        kubernetes.persistentVolumes().withName(pv.getMetadata().getName()).edit(p -> {
            p.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Released").build());
            return p;
        });

        await().until(() -> sim().fleet().volume("array-a", arrayVolume).destroyed());
        await().until(() -> pv(uid).isEmpty());
    }

    @Test
    void deletingAClaimWithReclaimRetainKeepsTheVolumeAndThePv() {
        apply(storageClass("keep-sc", Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"), "Immediate", true,
                "Retain", false));
        PersistentVolumeClaim pvc = createClaim("precious", "keep-sc", "1Gi", null, List.of("ReadWriteOnce"), Map.of());
        String uid = uid(pvc);
        PersistentVolume pv = awaitPv(uid);
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        bind(pvc, pv);
        String arrayVolume = pv.getSpec().getCsi().getVolumeAttributes().get("arrayVolumeName");

        kubernetes.persistentVolumeClaims().inNamespace(NS).withName("precious").delete();

        await().until(() -> "Released".equals(api().get("/api/v1/volumes/" + uid).then().extract().path("state")));
        assertThat(awaitEvent(pvc, "VolumeRetained").getMessage()).contains("Retain", arrayVolume);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> pv(uid).isPresent() && !sim().fleet().volume("array-a", arrayVolume).destroyed());
    }

    @Test
    void aLargerClaimGrowsTheArrayVolumeAndThePvButNeverShrinks() {
        PersistentVolumeClaim pvc = createClaim("growing", SEED_CLASS, "10Gi", null, List.of("ReadWriteOnce"), Map.of());
        String uid = uid(pvc);
        PersistentVolume pv = awaitPv(uid);
        bind(pvc, pv);
        String arrayVolume = pv.getSpec().getCsi().getVolumeAttributes().get("arrayVolumeName");

        request("growing", "20Gi");

        await().until(() -> sim().fleet().volume("array-b", arrayVolume).provisioned() == 20 * GI);
        await().until(() -> pv(uid).map(p -> p.getSpec().getCapacity().get("storage"))
                .filter(new Quantity("20Gi")::equals).isPresent());
        assertThat(awaitEvent(pvc, "VolumeResizeSuccessful").getMessage()).contains("20Gi");
        assertThat(count(VolumeResizeRequested.class, uid)).isEqualTo(1);

        request("growing", "5Gi");

        assertThat(awaitEvent(pvc, "ShrinkNotSupported").getType()).isEqualTo("Warning");
        assertThat(sim().fleet().volume("array-a", arrayVolume).provisioned()).isEqualTo(20 * GI);
        assertThat(count(VolumeResizeRequested.class, uid)).isEqualTo(1);
    }

    @Test
    void aClassWithoutAllowVolumeExpansionRefusesToGrow() {
        apply(storageClass("fixed-size", Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"), "Immediate",
                false, null, false));
        PersistentVolumeClaim pvc = createClaim("fixed", "fixed-size", "1Gi", null, List.of("ReadWriteOnce"), Map.of());
        String uid = uid(pvc);
        PersistentVolume pv = awaitPv(uid);
        String arrayVolume = pv.getSpec().getCsi().getVolumeAttributes().get("arrayVolumeName");

        request("fixed", "2Gi");

        Event refused = awaitEvent(pvc, "ExpansionNotAllowed");
        assertThat(refused.getType()).isEqualTo("Warning");
        assertThat(refused.getMessage()).contains("fixed-size", "allowVolumeExpansion");
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> sim().fleet().volume("array-a", arrayVolume).provisioned() == GI
                        && count(VolumeResizeRequested.class, uid) == 0);
        assertThat(pv(uid).orElseThrow().getSpec().getCapacity().get("storage")).isEqualTo(new Quantity("1Gi"));
    }

    @Test
    void arrayErrorsMidWayStillEndInExactlyOneArrayVolume() {
        // Rate limited first (the client waits as asked), then the array creates the volume but answers 500
        // (it may have happened: the provisioner looks before trying again), and that look meets a 503.
        sim().admin().addFault(FaultSpec.error("POST", "volumes", 429, 1));
        sim().admin().addFault(FaultSpec.error("POST", "volumes", 500, 1).after().withMessage("Server is busy"));
        sim().admin().addFault(FaultSpec.error("GET", "volumes", 503, 1));

        PersistentVolumeClaim pvc = createClaim("flaky", SEED_CLASS, "1Gi", null, List.of("ReadWriteOnce"), Map.of());
        PersistentVolume pv = awaitPv(uid(pvc));

        String arrayVolume = pv.getSpec().getCsi().getVolumeAttributes().get("arrayVolumeName");
        assertThat(volumesNamed(arrayVolume)).isEqualTo(1);
        assertThat(sim().admin().faults()).allSatisfy(f -> assertThat(f.count()).isZero());
    }

    @Test
    void aClaimBoundToAPvMadeBySomeoneElseIsLeftAlone() {
        PersistentVolumeClaim pvc = kubernetes.persistentVolumeClaims().inNamespace(NS).resource(
                claimSpec("static", SEED_CLASS, "1Gi", null, List.of("ReadWriteOnce"), Map.of())
                        .editSpec().withVolumeName("hand-made-pv").endSpec().build()).create();

        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> count(VolumeRequested.class, uid(pvc)) == 0);
        api().get("/api/v1/volumes/" + uid(pvc)).then().statusCode(404);
    }

    // --- Kubernetes, as a user and as the controllers the test server does not run -------------------

    private static StorageClass storageClass(String name, Map<String, String> parameters, String bindingMode,
                                             boolean allowExpansion, String reclaimPolicy, boolean topology) {
        StorageClassBuilder builder = new StorageClassBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withProvisioner(DRIVER)
                .withVolumeBindingMode(bindingMode)
                .withAllowVolumeExpansion(allowExpansion)
                .withReclaimPolicy(reclaimPolicy)
                .withParameters(parameters);
        if (topology) {
            builder.withAllowedTopologies(new TopologySelectorTermBuilder().addNewMatchLabelExpression()
                    .withKey("topology.portworx.io/zone").withValues("zone-0").endMatchLabelExpression().build());
        }
        return builder.build();
    }

    private void apply(StorageClass storageClass) {
        kubernetes.storage().v1().storageClasses().resource(storageClass).createOr(existing -> existing.update());
    }

    private static PersistentVolumeClaimBuilder claimSpec(String name, String className, String size, String volumeMode,
                                                          List<String> accessModes, Map<String, String> annotations) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withStorageClassName(className)
                .withAccessModes(accessModes)
                .withVolumeMode(volumeMode)
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec();
    }

    /** A fresh claim: any claim of that name left by another test is removed first. */
    private PersistentVolumeClaim createClaim(String name, String className, String size, String volumeMode,
                                              List<String> accessModes, Map<String, String> annotations) {
        kubernetes.persistentVolumeClaims().inNamespace(NS).withName(name).delete();
        await().until(() -> kubernetes.persistentVolumeClaims().inNamespace(NS).withName(name).get() == null);
        return kubernetes.persistentVolumeClaims().inNamespace(NS)
                .resource(claimSpec(name, className, size, volumeMode, accessModes, annotations).build()).create();
    }

    private void request(String claim, String size) {
        kubernetes.persistentVolumeClaims().inNamespace(NS).withName(claim).edit(c -> new PersistentVolumeClaimBuilder(c)
                .editSpec().editResources().addToRequests("storage", new Quantity(size)).endResources().endSpec()
                .build());
    }

    /**
     * Plays Kubernetes' PV controller, which the API test server does not run: a PV whose claimRef names a
     * claim is bound to it (the claim's volumeName, both phases Bound).
     */
    private void bind(PersistentVolumeClaim pvc, PersistentVolume pv) {
        String name = pvc.getMetadata().getName();
        kubernetes.persistentVolumeClaims().inNamespace(NS).withName(name).edit(c -> new PersistentVolumeClaimBuilder(c)
                .editSpec().withVolumeName(pv.getMetadata().getName()).endSpec()
                .withNewStatus().withPhase("Bound").withAccessModes(c.getSpec().getAccessModes())
                .withCapacity(pv.getSpec().getCapacity()).endStatus()
                .build());
        kubernetes.persistentVolumes().withName(pv.getMetadata().getName()).edit(p -> {
            p.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Bound").build());
            return p;
        });
    }

    private Optional<PersistentVolume> pv(String uid) {
        return Optional.ofNullable(kubernetes.persistentVolumes().withName("pvc-" + uid).get());
    }

    private PersistentVolume awaitPv(String uid) {
        return await().until(() -> pv(uid), Optional::isPresent).orElseThrow();
    }

    private Event awaitEvent(PersistentVolumeClaim pvc, String reason) {
        return await().until(() -> kubernetes.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> uid(pvc).equals(e.getInvolvedObject().getUid()) && reason.equals(e.getReason()))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    // --- Kafka and the arrays ------------------------------------------------------------------------

    private List<SpecificRecord> events(Class<? extends SpecificRecord> type, String uid) {
        return volumes.records().stream().filter(r -> uid.equals(r.key())).map(ClaimProvisioningIT::decode)
                .filter(type::isInstance).toList();
    }

    private long count(Class<? extends SpecificRecord> type, String uid) {
        return events(type, uid).size();
    }

    private static SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        return EventCodec.instance().decode(record.value());
    }

    /** How many array volumes (by id; a pod volume is one on both arrays) have this name. */
    private static long volumesNamed(String arrayVolumeName) {
        return sim().arrayNames().stream().flatMap(array -> sim().fleet().volumes(array).stream())
                .filter(v -> v.fullName().equals(arrayVolumeName)).map(Volume::id).distinct().count();
    }

    /** A pod only on array-a, and a demoted one only on array-b (the simulator demotes only local pods). */
    private static void localPods() {
        if (sim().fleet().pod("array-a", "local1") == null) {
            sim().fleet().createPod("array-a", "local1", List.of(), null);
        }
        if (sim().fleet().pod("array-b", "demoted1") == null) {
            sim().fleet().updatePod("array-b", sim().fleet().createPod("array-b", "demoted1", List.of(), null),
                    new PodUpdate(null, null, null, null, null, "demoted"), false);
        }
    }

    private static String uid(PersistentVolumeClaim pvc) {
        return pvc.getMetadata().getUid();
    }

    private static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2("test-token");
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100));
    }

    private static FlashArraySimulator sim() {
        return ClusterArraysResource.simulator();
    }

    @SuppressWarnings("unused")
    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
