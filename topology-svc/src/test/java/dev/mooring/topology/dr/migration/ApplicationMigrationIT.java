package dev.mooring.topology.dr.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.topology.dr.migration.domain.LastMigration;
import dev.mooring.topology.dr.migration.domain.MigrationResult;
import dev.mooring.topology.dr.migration.domain.Outcome;
import dev.mooring.topology.dr.migration.domain.ScaledWorkload;
import dev.mooring.topology.dr.migration.domain.UnprotectedClaim;
import dev.mooring.topology.dr.migration.kube.ObjectCopies;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WordPress with its MySQL runs in namespace {@code blog} of site-a (one API server); site-b (another) receives it.
 * Both volumes are in ActiveCluster pod {@code pod1}, a scratch volume is not.
 */
class ApplicationMigrationIT {

    private static final String NS = "blog";
    private static final String DRIVER = "pxd.portworx.com";

    /** site-b's API server; refuses to create StatefulSets while {@code refuseStatefulSets} is set. */
    static final class FlakyTarget extends KubernetesCrudDispatcher {
        volatile boolean refuseStatefulSets;

        FlakyTarget() {
            super(List.of());
        }

        @Override
        public MockResponse handleCreate(RecordedRequest request) {
            if (refuseStatefulSets && request.getPath().contains("/statefulsets")) {
                return new MockResponse().setResponseCode(503).setBody("{\"kind\":\"Status\",\"code\":503}");
            }
            return super.handleCreate(request);
        }
    }

    private KubernetesMockServer siteA;
    private KubernetesMockServer siteB;
    private FlakyTarget siteBApi;
    private KubernetesClient source;
    private KubernetesClient target;
    private final MigratedWorkloads workloads = new MigratedWorkloads(Set.of(DRIVER), Clock.systemUTC());

    @BeforeEach
    void start() {
        siteA = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        siteA.init();
        siteBApi = new FlakyTarget();
        siteB = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), siteBApi, false);
        siteB.init();
        source = siteA.createClient();
        target = siteB.createClient();
        deployBlog();
    }

    @AfterEach
    void stop() {
        source.close();
        target.close();
        siteA.destroy();
        siteB.destroy();
    }

    @Test
    void aRunCopiesTheApplicationStoppedWithItsVolumesAndReportsTheClaimOutsideAPod() {
        MigrationResult result = migrate();

        assertThat(result.outcome()).isEqualTo(Outcome.PartiallySuccessful);
        assertThat(result.unprotected()).containsExactly(new UnprotectedClaim(NS, "scratch",
                "PersistentVolume pv-scratch is not in an ActiveCluster pod (the paired cluster cannot reach it)"));
        Deployment wordpress = target.apps().deployments().inNamespace(NS).withName("wordpress").get();
        StatefulSet mysql = target.apps().statefulSets().inNamespace(NS).withName("mysql").get();
        assertThat(wordpress.getSpec().getReplicas()).isZero();
        assertThat(wordpress.getMetadata().getAnnotations()).containsEntry(ObjectCopies.REPLICAS, "2")
                .containsEntry(ObjectCopies.MIGRATION_RUN, result.id());
        assertThat(wordpress.getMetadata().getLabels()).containsEntry(ObjectCopies.MIGRATED_FROM, "site-a");
        assertThat(mysql.getSpec().getReplicas()).isZero();
        assertThat(mysql.getMetadata().getAnnotations()).containsEntry(ObjectCopies.REPLICAS, "1");
        PersistentVolume pv = target.persistentVolumes().withName("pv-mysql").get();
        assertThat(pv.getSpec().getCsi().getVolumeHandle()).isEqualTo("FA-01:mysql");
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        assertThat(pv.getSpec().getClaimRef().getUid()).isNull();
        assertThat(target.persistentVolumeClaims().inNamespace(NS).withName("mysql-data").get().getSpec().getVolumeName())
                .isEqualTo("pv-mysql");
        assertThat(target.persistentVolumeClaims().inNamespace(NS).withName("scratch").get()).isNull();
        assertThat(target.persistentVolumes().withName("pv-scratch").get()).isNull();
        assertThat(target.services().inNamespace(NS).withName("wordpress").get().getSpec().getClusterIP()).isNull();
        assertThat(target.configMaps().inNamespace(NS).withName("wordpress-config").get().getData())
                .containsEntry("WORDPRESS_DB_HOST", "mysql");
        assertThat(target.secrets().inNamespace(NS).withName("mysql-pass").get()).isNotNull();
        assertThat(target.namespaces().withName(NS).get().getMetadata().getLabels())
                .containsEntry(ObjectCopies.MIGRATED_FROM, "site-a");
        LastMigration last = workloads.lastMigration(target, NS).orElseThrow();
        assertThat(last.domain()).isEqualTo("site-a");
        assertThat(last.run()).isEqualTo(result.id());
        assertThat(last.finishedAt()).isEqualTo(result.finishedAt());
        assertThat(workloads.protectedNamespaces("site-a", target)).containsExactly(NS);
        assertThat(workloads.protectedNamespaces("site-c", target)).isEmpty();
    }

    @Test
    void aSecondRunWritesNothingButTheMarker() {
        MigrationResult first = migrate();
        Map<String, String> versions = copiedVersions();

        MigrationResult second = migrate();

        assertThat(second.outcome()).isEqualTo(Outcome.PartiallySuccessful);
        assertThat(copiedVersions()).isEqualTo(versions);
        assertThat(second.message()).contains("0 objects created, 0 replaced");
        assertThat(second.objects()).isEqualTo(first.objects());
        assertThat(target.apps().deployments().inNamespace(NS).list().getItems()).hasSize(1);
        assertThat(workloads.lastMigration(target, NS).orElseThrow().run()).isEqualTo(second.id());
    }

    @Test
    void aRunInterruptedByTheTargetConvergesOnTheNext() {
        siteBApi.refuseStatefulSets = true;

        MigrationResult broken = migrate();

        assertThat(broken.outcome()).isEqualTo(Outcome.Failed);
        assertThat(broken.message()).contains("StatefulSet blog/mysql: HTTP 503");
        assertThat(target.apps().statefulSets().inNamespace(NS).withName("mysql").get()).isNull();
        assertThat(workloads.lastMigration(target, NS)).as("no marker for an incomplete copy").isEmpty();
        assertThat(target.apps().deployments().inNamespace(NS).withName("wordpress").get()).isNotNull();

        siteBApi.refuseStatefulSets = false;
        MigrationResult next = migrate();

        assertThat(next.outcome()).isEqualTo(Outcome.PartiallySuccessful);
        assertThat(next.message()).contains("1 objects created, 0 replaced");
        assertThat(target.apps().statefulSets().inNamespace(NS).withName("mysql").get().getSpec().getReplicas()).isZero();
        assertThat(workloads.lastMigration(target, NS).orElseThrow().run()).isEqualTo(next.id());
    }

    @Test
    void failoverStartsTheCopiesAndALaterRunLeavesThemRunning() {
        migrate();

        List<ScaledWorkload> stopped = workloads.scaleDown(source, List.of(NS));
        List<ScaledWorkload> started = workloads.scaleUp(target, "site-a");

        assertThat(stopped).containsExactlyInAnyOrder(new ScaledWorkload(NS, "Deployment", "wordpress", 0),
                new ScaledWorkload(NS, "StatefulSet", "mysql", 0));
        assertThat(source.apps().deployments().inNamespace(NS).withName("wordpress").get().getMetadata().getAnnotations())
                .containsEntry(ObjectCopies.REPLICAS, "2");
        assertThat(started).containsExactlyInAnyOrder(new ScaledWorkload(NS, "Deployment", "wordpress", 2),
                new ScaledWorkload(NS, "StatefulSet", "mysql", 1));
        assertThat(workloads.scaleDown(source, List.of(NS))).as("a second scale-down").isEmpty();
        assertThat(workloads.scaleUp(target, "site-a")).as("a second scale-up").isEmpty();

        // site-a's copy of the blog (stopped) is migrated again: the running copy at site-b keeps running.
        MigrationResult again = migrate();

        assertThat(target.apps().deployments().inNamespace(NS).withName("wordpress").get().getSpec().getReplicas())
                .isEqualTo(2);
        assertThat(again.message()).contains("kept running at the target").contains("Deployment blog/wordpress");
    }

    private MigrationResult migrate() {
        return workloads.migrateOnce(source, target, "site-a", List.of(NS));
    }

    /** resourceVersion of every copy at site-b but the run's marker. */
    private Map<String, String> copiedVersions() {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(target.namespaces().list().getItems());
        all.addAll(target.persistentVolumes().list().getItems());
        Stream.of(target.persistentVolumeClaims(), target.services(), target.secrets())
                .forEach(op -> all.addAll(op.inNamespace(NS).list().getItems()));
        all.addAll(target.configMaps().inNamespace(NS).list().getItems().stream()
                .filter(c -> !c.getMetadata().getName().equals("mooring-dr-migration")).toList());
        all.addAll(target.apps().deployments().inNamespace(NS).list().getItems());
        all.addAll(target.apps().statefulSets().inNamespace(NS).list().getItems());
        Map<String, String> versions = new LinkedHashMap<>();
        all.forEach(o -> versions.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        assertThat(versions).hasSize(10);
        return versions;
    }

    private void deployBlog() {
        source.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        volume("pv-mysql", "mysql-data", "FA-01:mysql", Map.of("backend", "flasharray", "pod", "pod1"));
        volume("pv-wp", "wp-content", "FA-01:wp", Map.of("backend", "flasharray", "pod", "pod1"));
        volume("pv-scratch", "scratch", "FA-01:scratch", Map.of("backend", "flasharray"));
        source.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder().withNewMetadata().withName("mysql")
                .addToLabels("app", "mysql").endMetadata().withNewSpec().withReplicas(1).withServiceName("mysql")
                .withNewSelector().addToMatchLabels("app", "mysql").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "mysql").endMetadata().withNewSpec().addNewContainer().withName("mysql")
                .withImage("mysql:8").endContainer().addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName("mysql-data").endPersistentVolumeClaim().endVolume().endSpec().endTemplate().endSpec()
                .build()).create();
        source.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("wordpress")
                .addToLabels("app", "wordpress").endMetadata().withNewSpec().withReplicas(2).withNewSelector()
                .addToMatchLabels("app", "wordpress").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "wordpress").endMetadata().withNewSpec().addNewContainer().withName("wordpress")
                .withImage("wordpress:6").endContainer().endSpec().endTemplate().endSpec().build()).create();
        source.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("wordpress").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.7").withClusterIPs("10.96.0.7").addToSelector("app", "wordpress")
                .addNewPort().withPort(80).endPort().endSpec().build()).create();
        source.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("wordpress-config")
                .endMetadata().addToData("WORDPRESS_DB_HOST", "mysql").build()).create();
        source.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kube-root-ca.crt")
                .endMetadata().addToData("ca.crt", "site-a's CA").build()).create();
        source.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("mysql-pass").endMetadata()
                .addToStringData("password", "s3cret").build()).create();
    }

    private void volume(String pv, String claim, String handle, Map<String, String> attributes) {
        var created = source.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claim).addToAnnotations("pv.kubernetes.io/bind-completed", "yes").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withVolumeName(pv).withNewResources()
                .addToRequests("storage", new Quantity("10Gi")).endResources().endSpec().build()).create();
        source.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(pv).endMetadata()
                .withNewSpec().withPersistentVolumeReclaimPolicy("Delete").addToCapacity("storage", new Quantity("10Gi"))
                .withNewClaimRef().withNamespace(NS).withName(claim).withUid(created.getMetadata().getUid()).endClaimRef()
                .withNewCsi().withDriver(DRIVER).withVolumeHandle(handle).withVolumeAttributes(attributes).endCsi()
                .endSpec().build()).create();
    }
}
