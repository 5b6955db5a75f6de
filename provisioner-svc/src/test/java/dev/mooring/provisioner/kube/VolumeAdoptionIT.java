package dev.mooring.provisioner.kube;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.volumes.VolumeProvisioned;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.provisioner.ClusterArraysResource;
import dev.mooring.provisioner.KubernetesTestResources;
import dev.mooring.testing.KafkaBroker;
import dev.mooring.testing.SimulatorResource;
import dev.mooring.testing.TopicReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Disaster recovery, site B's side: topology-svc copied a PV (and its pre-bound claim) that site A's Mooring
 * made for a volume in the stretched pod; site B's provisioner adopts the volume under the same id — Ready, the
 * same array volume, a VolumeProvisioned for attach-svc — without making anything on the arrays, and never
 * destroys it. A PV naming an array volume that is not there (or has another serial) is refused with an Event.
 *
 * <p>The arrays are the simulator's two, which play both sites' (the stretched pod serves the volume on both).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@KubernetesTestResources
class VolumeAdoptionIT {

    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final String DRIVER = "pxd.portworx.com";
    private static final String CLASS = "fada-activecluster-sc";
    private static final String NS = "apps";

    @Inject
    KubernetesClient kubernetes;

    private TopicReader volumes;

    @BeforeEach
    void arraysAndTheStorageClass() {
        String pureJson = SimulatorResource.pureJsonFor(sim());
        kubernetes.secrets().inNamespace("kube-system").resource(new SecretBuilder()
                        .withNewMetadata().withName("px-pure-secret").withNamespace("kube-system").endMetadata()
                        .withData(Map.of("pure.json", Base64.getEncoder()
                                .encodeToString(pureJson.getBytes(StandardCharsets.UTF_8))))
                        .build())
                .createOr(existing -> existing.update());
        await().until(() -> api().get("/api/v1/arrays").then().extract().jsonPath()
                .getList("arrays.status", String.class).stream().filter("Registered"::equals).count() == 2);
        kubernetes.storage().v1().storageClasses().resource(new StorageClassBuilder()
                        .withNewMetadata().withName(CLASS).endMetadata()
                        .withProvisioner(DRIVER)
                        .withParameters(Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"))
                        .withReclaimPolicy("Delete").withVolumeBindingMode("Immediate").withAllowVolumeExpansion(true)
                        .build())
                .createOr(existing -> existing.update());
        volumes = new TopicReader(KafkaBroker.shared(), "mooring.volumes");
    }

    @AfterEach
    void closeReader() {
        volumes.close();
    }

    @Test
    void aMigratedVolumeIsAdoptedUnderItsIdAndNeverDestroyedHere() {
        String id = UUID.randomUUID().toString();
        String arrayVolume = "pod1::mooring-pvc-" + id.substring(0, 8);
        Volume onArray = sim().fleet().createVolume("array-a", arrayVolume, 10L << 30, null, null);
        long arrayVolumesBefore = arrayVolumeCount();

        PersistentVolume pv = createMigratedPv(id, "db", arrayVolume, onArray.serial());
        PersistentVolumeClaim pvc = createPreBoundClaim("db", pv);

        JsonPath volume = await().until(() -> api().get("/api/v1/volumes/" + id).then().extract(),
                response -> response.statusCode() == 200).jsonPath();
        assertThat(volume.getString("id")).isEqualTo(id);
        assertThat(volume.getString("state")).isEqualTo("Ready");
        assertThat(volume.getString("arrayVolumeName")).isEqualTo(arrayVolume);
        assertThat(volume.getString("serial")).isEqualTo(onArray.serial());
        assertThat(volume.getList("arrays", String.class)).containsExactly("array-a", "array-b");
        assertThat(volume.getLong("sizeBytes")).isEqualTo(10L << 30);
        assertThat(volume.getString("claim.namespace")).isEqualTo(NS);
        assertThat(volume.getString("claim.name")).isEqualTo("db");
        assertThat(volume.getString("claim.uid")).isEqualTo(pvc.getMetadata().getUid());
        assertThat(volume.getString("claim.reclaimPolicy")).isEqualTo("Retain");
        assertThat(volume.getString("claim.persistentVolume")).isEqualTo(pv.getMetadata().getName());

        VolumeProvisioned provisioned = (VolumeProvisioned) await().until(() -> events(VolumeProvisioned.class, id),
                list -> !list.isEmpty()).get(0);
        assertThat(provisioned.getArrayVolumeName().toString()).isEqualTo(arrayVolume);
        assertThat(provisioned.getSerial().toString()).isEqualTo(onArray.serial());
        assertThat(provisioned.getClaim().getUid().toString()).isEqualTo(pvc.getMetadata().getUid());

        // The pre-bound claim gets no volume of its own: nothing requested, no PV, no array volume made.
        String claimUid = pvc.getMetadata().getUid();
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> events(VolumeRequested.class, claimUid).isEmpty()
                        && kubernetes.persistentVolumes().withName("pvc-" + claimUid).get() == null);
        assertThat(api().get("/api/v1/volumes/" + claimUid).then().extract().statusCode()).isEqualTo(404);
        assertThat(arrayVolumeCount()).isEqualTo(arrayVolumesBefore);

        // Seen again (a change, resyncs every second in tests): nothing changes.
        String updatedAt = volume.getString("updatedAt");
        kubernetes.persistentVolumes().withName(pv.getMetadata().getName()).edit(p -> {
            p.getMetadata().getLabels().put("touched", "yes");
            return p;
        });
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> events(VolumeProvisioned.class, id).size() == 1);
        assertThat(api().get("/api/v1/volumes/" + id).then().extract().jsonPath().getString("updatedAt"))
                .isEqualTo(updatedAt);

        // Kubernetes releases the PV once the claim is gone: the volume is retained, the array volume kept.
        kubernetes.persistentVolumeClaims().inNamespace(NS).withName("db").delete();
        kubernetes.persistentVolumes().withName(pv.getMetadata().getName()).edit(p -> {
            p.setStatus(new PersistentVolumeStatusBuilder().withPhase("Released").build());
            return p;
        });
        await().until(() -> "Released".equals(api().get("/api/v1/volumes/" + id).then().extract().path("state")));
        // Even asked to delete the volume, Mooring forgets it but leaves the other site's array volume alone.
        api().delete("/api/v1/volumes/" + id).then().statusCode(202);
        await().until(() -> "Deleted".equals(api().get("/api/v1/volumes/" + id).then().extract().path("state")));
        assertThat(sim().fleet().volume("array-a", arrayVolume).destroyed()).isFalse();
        assertThat(sim().fleet().volume("array-b", arrayVolume).destroyed()).isFalse();
    }

    @Test
    void aPvNamingAMissingArrayVolumeIsNotAdoptedAndSaysWhy() {
        String id = UUID.randomUUID().toString();
        PersistentVolume pv = createMigratedPv(id, "lost", "pod1::mooring-pvc-gone-" + id.substring(0, 8), null);
        createPreBoundClaim("lost", pv);

        Event event = awaitEvent(pv, MigratedVolumes.ADOPTION_FAILED);

        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).contains(id, "no array volume pod1::mooring-pvc-gone-", "not adopted");
        assertThat(api().get("/api/v1/volumes/" + id).then().extract().statusCode()).isEqualTo(404);
    }

    @Test
    void aPvWhoseSerialDiffersFromTheArrayVolumesIsNotAdopted() {
        String id = UUID.randomUUID().toString();
        String arrayVolume = "pod1::mooring-pvc-" + id.substring(0, 8);
        sim().fleet().createVolume("array-a", arrayVolume, 1L << 30, null, null);
        PersistentVolume pv = createMigratedPv(id, "other", arrayVolume, "0123456789ABCDEF01234567");
        createPreBoundClaim("other", pv);

        Event event = awaitEvent(pv, MigratedVolumes.ADOPTION_FAILED);

        assertThat(event.getMessage()).contains("serial", "0123456789ABCDEF01234567", "not adopted");
        assertThat(api().get("/api/v1/volumes/" + id).then().extract().statusCode()).isEqualTo(404);
    }

    @Test
    void aSecondPvClaimingAnAdoptedIdForAnotherArrayVolumeIsAConflict() {
        String id = UUID.randomUUID().toString();
        String arrayVolume = "pod1::mooring-pvc-" + id.substring(0, 8);
        Volume onArray = sim().fleet().createVolume("array-a", arrayVolume, 10L << 30, null, null);
        createPreBoundClaim("first", createMigratedPv(id, "first", arrayVolume, onArray.serial()));
        await().until(() -> api().get("/api/v1/volumes/" + id).then().extract().statusCode() == 200);
        String otherArrayVolume = arrayVolume + "-other";
        Volume other = sim().fleet().createVolume("array-a", otherArrayVolume, 10L << 30, null, null);

        PersistentVolume second = createMigratedPv(id, "second", otherArrayVolume, other.serial(), "pv-second-" + id);
        createPreBoundClaim("second", second);

        assertThat(awaitEvent(second, MigratedVolumes.ADOPTION_FAILED).getMessage())
                .contains("known here already as array volume " + arrayVolume, "conflict");
        assertThat(api().get("/api/v1/volumes/" + id).then().extract().jsonPath().getString("arrayVolumeName"))
                .isEqualTo(arrayVolume);
    }

    // --- What topology-svc copies from site A -----------------------------------------------------------

    /** The PV as ObjectCopies writes it: same handle and attributes, Retain, claimRef of namespace and name only. */
    private PersistentVolume createMigratedPv(String id, String claim, String arrayVolume, String serial) {
        return createMigratedPv(id, claim, arrayVolume, serial, "pvc-" + id);
    }

    private PersistentVolume createMigratedPv(String id, String claim, String arrayVolume, String serial,
                                              String name) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("backend", "pure_block");
        attributes.put("arrays", "array-a,array-b");
        attributes.put("arrayVolumeName", arrayVolume);
        if (serial != null) {
            attributes.put("serial", serial);
        }
        attributes.put("pod", "pod1");
        return kubernetes.persistentVolumes().resource(new PersistentVolumeBuilder()
                        .withNewMetadata().withName(name)
                        .addToAnnotations("pv.kubernetes.io/provisioned-by", DRIVER)
                        .addToLabels("app.kubernetes.io/managed-by", "mooring")
                        .addToLabels("dr.mooring.dev/migrated-from", "site-a")
                        .endMetadata()
                        .withNewSpec()
                        .withCapacity(Map.of("storage", new Quantity("10Gi")))
                        .withAccessModes("ReadWriteOnce")
                        .withVolumeMode("Filesystem")
                        .withStorageClassName(CLASS)
                        .withPersistentVolumeReclaimPolicy("Retain")
                        .withClaimRef(new ObjectReferenceBuilder().withNamespace(NS).withName(claim).build())
                        .withNewCsi().withDriver(DRIVER).withVolumeHandle(id).withFsType("ext4")
                        .withVolumeAttributes(attributes).endCsi()
                        .endSpec()
                        .build())
                .create();
    }

    /** The claim as copied: bound by name to the PV before it exists here. */
    private PersistentVolumeClaim createPreBoundClaim(String name, PersistentVolume pv) {
        return kubernetes.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(name).withNamespace(NS)
                        .addToLabels("dr.mooring.dev/migrated-from", "site-a").endMetadata()
                        .withNewSpec()
                        .withStorageClassName(CLASS)
                        .withAccessModes("ReadWriteOnce")
                        .withVolumeName(pv.getMetadata().getName())
                        .withNewResources().addToRequests("storage", new Quantity("10Gi")).endResources()
                        .endSpec()
                        .build())
                .create();
    }

    private Event awaitEvent(PersistentVolume pv, String reason) {
        return await().until(() -> kubernetes.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> pv.getMetadata().getName().equals(e.getInvolvedObject().getName())
                        && "PersistentVolume".equals(e.getInvolvedObject().getKind()) && reason.equals(e.getReason()))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    private List<SpecificRecord> events(Class<? extends SpecificRecord> type, String key) {
        return volumes.records().stream().filter(r -> key.equals(r.key()))
                .map(r -> EventCodec.instance().decode(r.value())).filter(type::isInstance).toList();
    }

    /** Array volumes by id on both arrays (a pod volume is one). */
    private static long arrayVolumeCount() {
        return sim().arrayNames().stream().flatMap(array -> sim().fleet().volumes(array).stream())
                .map(Volume::id).distinct().count();
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
}
