package dev.mooring.topology.dr.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.topology.TopologyTestResources;
import dev.mooring.topology.dr.migration.kube.MigrationResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator of site-a pairs it with site-b (a second API server) and schedules the migration of namespace
 * {@code shop} every 2 seconds: topology-svc picks the MigrationSchedule up, copies the shop to site-b at once and
 * again on the interval, and says how each run went on the schedule's status and in Events.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TopologyTestResources
@TestProfile(MigrationScheduleIT.SiteA.class)
class MigrationScheduleIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String MOORING = "mooring";
    private static final String NS = "shop";
    private static final String TOKEN = "token-that-must-stay-secret";

    /** This installation is domain site-a. */
    public static class SiteA implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mooring.dr.domain", "site-a");
        }
    }

    private static KubernetesMockServer siteB;
    private static KubernetesClient target;

    @Inject
    KubernetesClient kubernetes;

    @BeforeAll
    static void startSiteB() {
        siteB = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        siteB.init();
        target = siteB.createClient();
    }

    @AfterAll
    static void stopSiteB() {
        target.close();
        siteB.destroy();
    }

    @BeforeEach
    void installCrds() throws Exception {
        for (String file : List.of("clusterpair.yaml", "migrationschedule.yaml")) {
            try (InputStream in = Files.newInputStream(Path.of("../k8s/base/crds", file))) {
                for (HasMetadata crd : kubernetes.load(in).items()) {
                    kubernetes.resource(crd).createOr(existing -> existing.update());
                }
            }
        }
    }

    @Test
    void aScheduleRunsAtOnceAndOnItsIntervalAndReportsOnItsStatusAndInEvents() {
        deployShop();
        pairWithSiteB("site-b", "site-b-kubeconfig");
        schedule("shop-to-site-b", "site-b", "2s");

        Deployment copy = Awaitility.await().atMost(DEADLINE).until(
                () -> target.apps().deployments().inNamespace(NS).withName("web").get(), d -> d != null);
        assertThat(copy.getSpec().getReplicas()).isZero();
        assertThat(copy.getMetadata().getAnnotations()).containsEntry("dr.mooring.dev/replicas", "3");
        assertThat(target.persistentVolumes().withName("pv-orders").get().getSpec().getPersistentVolumeReclaimPolicy())
                .isEqualTo("Retain");

        Map<String, Object> first = Awaitility.await().atMost(DEADLINE).until(() -> lastRun("shop-to-site-b"),
                run -> run != null && "PartiallySuccessful".equals(run.get("outcome")));
        assertThat(first.get("stage")).isEqualTo("Final");
        assertThat((List<?>) first.get("unprotected")).singleElement().asString().contains("namespace=" + NS)
                .contains("pvc=cache").contains("not in an ActiveCluster pod");
        assertThat(schedule("shop-to-site-b").<Object>get("status", "lastSuccessfulAt")).isNotNull();

        // The interval: another run follows without any change.
        Awaitility.await().atMost(DEADLINE).until(() -> lastRun("shop-to-site-b"),
                run -> run != null && !first.get("id").equals(run.get("id")));

        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(eventsOn("shop-to-site-b"))
                .extracting(Event::getReason)
                .contains("MigrationVolumes", "MigrationApplications", "MigrationFinal"));
        assertThat(eventsOn("shop-to-site-b")).filteredOn(e -> e.getReason().equals("MigrationVolumes")).first()
                .satisfies(e -> assertThat(e.getMessage()).contains("shop/cache"));

        GenericKubernetesResource pair = Awaitility.await().atMost(DEADLINE).until(
                () -> kubernetes.genericKubernetesResources(MigrationResources.CLUSTER_PAIRS).inNamespace(MOORING)
                        .withName("site-b").get(), p -> Boolean.TRUE.equals(p.get("status", "reachable")));
        assertThat(pair.<String>get("status", "message")).doesNotContain(TOKEN);
    }

    @Test
    void aPairWithoutKubeconfigFailsTheRunNamingTheSecretAndNeverShowsItsData() {
        kubernetes.secrets().inNamespace(MOORING).resource(new SecretBuilder().withNewMetadata().withName("broken")
                .endMetadata().addToStringData("config", TOKEN).build()).createOr(existing -> existing.update());
        kubernetes.genericKubernetesResources(MigrationResources.CLUSTER_PAIRS).inNamespace(MOORING).resource(
                new GenericKubernetesResourceBuilder().withApiVersion(MigrationResources.API_VERSION)
                        .withKind("ClusterPair").withNewMetadata().withName("nowhere").endMetadata()
                        .addToAdditionalProperties("spec", Map.of("domain", "site-c", "secretName", "broken"))
                        .build()).create();
        schedule("shop-to-nowhere", "nowhere", "1h");

        Map<String, Object> run = Awaitility.await().atMost(DEADLINE).until(() -> lastRun("shop-to-nowhere"),
                r -> r != null && "Failed".equals(r.get("outcome")));

        assertThat((String) run.get("message")).contains("Secret mooring/broken has no key kubeconfig")
                .doesNotContain(TOKEN);
        Awaitility.await().atMost(DEADLINE).untilAsserted(() -> assertThat(eventsOn("shop-to-nowhere"))
                .extracting(Event::getReason).contains("MigrationFailed"));
    }

    private void deployShop() {
        kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .createOr(existing -> existing.update());
        claim("orders", "pv-orders", Map.of("pod", "pod1"));
        claim("cache", "pv-cache", Map.of());
        kubernetes.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer()
                .withName("web").withImage("shop:1").endContainer().endSpec().endTemplate().endSpec().build())
                .createOr(existing -> existing.update());
    }

    private void claim(String name, String pv, Map<String, String> attributes) {
        kubernetes.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withVolumeName(pv).endSpec().build())
                .createOr(existing -> existing.update());
        kubernetes.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(pv).endMetadata()
                .withNewSpec().addToCapacity("storage", new Quantity("1Gi")).withNewClaimRef().withNamespace(NS)
                .withName(name).endClaimRef().withNewCsi().withDriver("pxd.portworx.com").withVolumeHandle("FA-01:" + pv)
                .withVolumeAttributes(attributes).endCsi().endSpec().build()).createOr(existing -> existing.update());
    }

    private void pairWithSiteB(String name, String secret) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: site-b
                    cluster: {server: "http://%s:%d"}
                users:
                  - name: migrator
                    user: {token: %s}
                contexts:
                  - name: site-b
                    context: {cluster: site-b, user: migrator}
                current-context: site-b
                """.formatted(siteB.getHostName(), siteB.getPort(), TOKEN);
        kubernetes.secrets().inNamespace(MOORING).resource(new SecretBuilder().withNewMetadata().withName(secret)
                .endMetadata().addToStringData("kubeconfig", kubeconfig).build()).createOr(existing -> existing.update());
        kubernetes.genericKubernetesResources(MigrationResources.CLUSTER_PAIRS).inNamespace(MOORING).resource(
                new GenericKubernetesResourceBuilder().withApiVersion(MigrationResources.API_VERSION)
                        .withKind("ClusterPair").withNewMetadata().withName(name).endMetadata()
                        .addToAdditionalProperties("spec", Map.of("domain", "site-b", "secretName", secret))
                        .build()).create();
    }

    private void schedule(String name, String pair, String interval) {
        kubernetes.genericKubernetesResources(MigrationResources.MIGRATION_SCHEDULES).inNamespace(MOORING).resource(
                new GenericKubernetesResourceBuilder().withApiVersion(MigrationResources.API_VERSION)
                        .withKind("MigrationSchedule").withNewMetadata().withName(name).endMetadata()
                        .addToAdditionalProperties("spec", Map.of("clusterPair", pair, "namespaces", List.of(NS),
                                "interval", interval))
                        .build()).create();
    }

    private GenericKubernetesResource schedule(String name) {
        return kubernetes.genericKubernetesResources(MigrationResources.MIGRATION_SCHEDULES).inNamespace(MOORING)
                .withName(name).get();
    }

    private Map<String, Object> lastRun(String name) {
        GenericKubernetesResource schedule = schedule(name);
        return schedule == null ? null : schedule.get("status", "lastRun");
    }

    private List<Event> eventsOn(String schedule) {
        return kubernetes.v1().events().inNamespace(MOORING).list().getItems().stream()
                .filter(e -> "MigrationSchedule".equals(e.getInvolvedObject().getKind())
                        && schedule.equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
