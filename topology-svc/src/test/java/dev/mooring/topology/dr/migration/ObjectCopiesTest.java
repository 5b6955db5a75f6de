package dev.mooring.topology.dr.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.topology.dr.migration.domain.Intervals;
import dev.mooring.topology.dr.migration.kube.ObjectCopies;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the paired cluster receives for each kind: the source's object without what only the source may own. */
class ObjectCopiesTest {

    @Test
    void aDeploymentArrivesStoppedWithItsReplicasRecordedAndWithoutServerMetadata() {
        Deployment source = new DeploymentBuilder().withNewMetadata().withNamespace("blog").withName("wordpress")
                .withUid("u-1").withResourceVersion("42").withCreationTimestamp("2026-01-01T00:00:00Z").withGeneration(3L)
                .withManagedFields(new ManagedFieldsEntry()).addNewOwnerReference().withName("x").endOwnerReference()
                .addToAnnotations("deployment.kubernetes.io/revision", "3").addToAnnotations("team", "web")
                .endMetadata().withNewSpec().withReplicas(3).endSpec().withNewStatus().withReplicas(3).endStatus().build();

        Deployment copy = ObjectCopies.copy(source, "site-a", "run-1");

        assertThat(copy.getSpec().getReplicas()).isZero();
        assertThat(copy.getStatus()).isNull();
        assertThat(copy.getMetadata().getUid()).isNull();
        assertThat(copy.getMetadata().getResourceVersion()).isNull();
        assertThat(copy.getMetadata().getCreationTimestamp()).isNull();
        assertThat(copy.getMetadata().getGeneration()).isNull();
        assertThat(copy.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(copy.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(copy.getMetadata().getLabels()).containsEntry(ObjectCopies.MIGRATED_FROM, "site-a");
        assertThat(copy.getMetadata().getAnnotations()).containsEntry(ObjectCopies.REPLICAS, "3")
                .containsEntry(ObjectCopies.MIGRATION_RUN, "run-1").containsEntry("team", "web")
                .doesNotContainKey("deployment.kubernetes.io/revision").containsKey(ObjectCopies.SOURCE_DIGEST);
        assertThat(source.getSpec().getReplicas()).as("the source is left as it was").isEqualTo(3);
    }

    @Test
    void aStatefulSetWithoutReplicasRecordsKubernetesDefaultOfOne() {
        StatefulSet source = new StatefulSetBuilder().withNewMetadata().withNamespace("blog").withName("mysql")
                .endMetadata().withNewSpec().endSpec().build();

        StatefulSet copy = ObjectCopies.copy(source, "site-a", "run-1");

        assertThat(copy.getSpec().getReplicas()).isZero();
        assertThat(ObjectCopies.recordedReplicas(copy)).hasValue(1);
    }

    @Test
    void aWorkloadStoppedByAScaleDownKeepsTheCountItRanWith() {
        StatefulSet source = new StatefulSetBuilder().withNewMetadata().withNamespace("blog").withName("mysql")
                .addToAnnotations(ObjectCopies.REPLICAS, "3").endMetadata().withNewSpec().withReplicas(0).endSpec().build();

        assertThat(ObjectCopies.recordedReplicas(ObjectCopies.copy(source, "site-b", "run-1"))).hasValue(3);
    }

    @Test
    void aServiceLosesItsClusterIpsAndKeepsItsNodePorts() {
        Service source = new ServiceBuilder().withNewMetadata().withNamespace("blog").withName("wordpress").endMetadata()
                .withNewSpec().withType("NodePort").withClusterIP("10.0.0.7").withClusterIPs("10.0.0.7")
                .addNewPort().withPort(80).withNodePort(30080).endPort().endSpec().build();

        Service copy = ObjectCopies.copy(source, "site-a", "run-1");

        assertThat(copy.getSpec().getClusterIP()).isNull();
        assertThat(copy.getSpec().getClusterIPs()).isNullOrEmpty();
        assertThat(copy.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30080);
    }

    @Test
    void aPersistentVolumeIsRetainedAndItsClaimRefNamesOnlyTheClaim() {
        PersistentVolume source = new PersistentVolumeBuilder().withNewMetadata().withName("pvc-1")
                .addToAnnotations("pv.kubernetes.io/bound-by-controller", "yes").endMetadata().withNewSpec()
                .withPersistentVolumeReclaimPolicy("Delete").addToCapacity("storage", new Quantity("10Gi"))
                .withNewClaimRef().withNamespace("blog").withName("mysql-data").withUid("c-1").withResourceVersion("9")
                .withKind("PersistentVolumeClaim").endClaimRef()
                .withNewCsi().withDriver("pxd.portworx.com").withVolumeHandle("FA-01:vol-1")
                .withVolumeAttributes(Map.of("pod", "pod1")).endCsi().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build();

        PersistentVolume copy = ObjectCopies.copy(source, "site-a", "run-1");

        assertThat(copy.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        assertThat(copy.getSpec().getClaimRef().getNamespace()).isEqualTo("blog");
        assertThat(copy.getSpec().getClaimRef().getName()).isEqualTo("mysql-data");
        assertThat(copy.getSpec().getClaimRef().getUid()).isNull();
        assertThat(copy.getSpec().getClaimRef().getResourceVersion()).isNull();
        assertThat(copy.getSpec().getCsi().getVolumeHandle()).isEqualTo("FA-01:vol-1");
        assertThat(copy.getStatus()).isNull();
        assertThat(copy.getMetadata().getAnnotations()).doesNotContainKey("pv.kubernetes.io/bound-by-controller");
    }

    @Test
    void aClaimKeepsItsVolumeNameAndLosesTheBinderAnnotations() {
        PersistentVolumeClaim source = new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("blog")
                .withName("mysql-data").addToAnnotations("pv.kubernetes.io/bind-completed", "yes")
                .addToAnnotations("volume.kubernetes.io/selected-node", "node-1").addToFinalizers("kubernetes.io/pvc-protection")
                .endMetadata().withNewSpec().withVolumeName("pvc-1").endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build();

        PersistentVolumeClaim copy = ObjectCopies.copy(source, "site-a", "run-1");

        assertThat(copy.getSpec().getVolumeName()).isEqualTo("pvc-1");
        assertThat(copy.getStatus()).isNull();
        assertThat(copy.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(copy.getMetadata().getAnnotations()).doesNotContainKeys("pv.kubernetes.io/bind-completed",
                "volume.kubernetes.io/selected-node");
    }

    @Test
    void theSameSourceGivesTheSameDigestWhateverRunCopiesIt() {
        Deployment source = new DeploymentBuilder().withNewMetadata().withNamespace("blog").withName("wordpress")
                .withResourceVersion("1").endMetadata().withNewSpec().withReplicas(2).endSpec().build();
        Deployment again = new DeploymentBuilder(source).editMetadata().withResourceVersion("2").endMetadata().build();
        Deployment changed = new DeploymentBuilder(source).editSpec().withReplicas(3).endSpec().build();

        String first = ObjectCopies.digestOf(ObjectCopies.copy(source, "site-a", "run-1"));

        assertThat(ObjectCopies.digestOf(ObjectCopies.copy(again, "site-a", "run-2"))).isEqualTo(first);
        assertThat(ObjectCopies.digestOf(ObjectCopies.copy(changed, "site-a", "run-2"))).isNotEqualTo(first);
        // A copy of a copy (failback) is digested like the original.
        assertThat(ObjectCopies.digestOf(ObjectCopies.copy(ObjectCopies.copy(source, "site-a", "run-1"), "site-a", "run-3")))
                .isNotNull();
    }

    @Test
    void intervalsReadKubernetesStyleDurations() {
        assertThat(Intervals.parse("5m")).hasValue(Duration.ofMinutes(5));
        assertThat(Intervals.parse("1h30m")).hasValue(Duration.ofMinutes(90));
        assertThat(Intervals.parse("90s")).hasValue(Duration.ofSeconds(90));
        assertThat(Intervals.parse("500ms")).hasValue(Duration.ofMillis(500));
        for (String bad : List.of("", "5", "m5", "0s", "five minutes", "-5m")) {
            assertThat(Intervals.parse(bad)).as(bad).isEmpty();
        }
    }
}
