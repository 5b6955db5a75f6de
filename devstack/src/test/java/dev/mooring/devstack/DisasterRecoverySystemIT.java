package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Disaster recovery across two clusters, as the third seed builds it with Portworx: two sites, each a Kubernetes
 * cluster (a Kubernetes API stand-in each) with its own Mooring installation — cluster domain {@code site-a} (active)
 * and {@code site-b} (inactive) — over the simulator's two arrays with the stretched pod {@code pod1} (array-a at site
 * A, array-b at site B), its Mediator, and a witness in a third site. A namespace with a MySQL-like StatefulSet and a
 * WordPress-like Deployment, each with a PVC in the pod, is migrated by a schedule; site A is cut (its API server and
 * its Mooring frozen, the replication link cut, the Mediator choosing array-b); site B fails over; site A returns and
 * the application fails back. The steps share the two stacks and run in order.
 */
@SystemTest(expectedErrors = {
        // Site A frozen and thawed: its services' calls to its API server and broker time out meanwhile.
        "(?i)timed? ?out", "(?i)connection (refused|reset)", "(?i)Kubernetes API", "(?i)informer", "(?i)watch",
        // Array-a offline during the cut: calls to it fail until the link is back.
        "(?i)array-a", "(?i)offline"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DisasterRecoverySystemIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NAMESPACE = "wordpress";
    private static final String DR_NAMESPACE = "mooring";
    private static final ResourceDefinitionContext CLUSTER_PAIRS = crd("ClusterPair", "clusterpairs");
    private static final ResourceDefinitionContext SCHEDULES = crd("MigrationSchedule", "migrationschedules");
    private static final Path OUT = Stack.findRoot().resolve("devstack/target/disaster-recovery");

    private static HttpServer witness;
    private static Stack siteA;
    private static Stack siteB;
    private static KubernetesClient kubeA;
    private static KubernetesClient kubeB;
    private static MooringApi domainA;
    private static MooringApi domainB;
    private static final Map<String, String> volumeHandles = new LinkedHashMap<>();
    private static int arrayVolumesBeforeFailover;
    private static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void startBothSites() throws IOException {
        Files.createDirectories(OUT);
        witness = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        witness.createContext("/witness", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        witness.start();
        String witnessUrl = "http://127.0.0.1:" + witness.getAddress().getPort() + "/witness";
        Path root = Stack.findRoot();
        siteA = Stack.start(site(root, "a", witnessUrl, "active").onlyServices("provisioner-svc", "topology-svc"));
        try {
            // Site B's provisioner adopts the migrated volumes; its own volumes get their own name prefix, so neither
            // site's inventory takes the other's volumes on the shared arrays for orphans.
            siteB = Stack.start(site(root, "b", witnessUrl, "inactive").arraysFrom(siteA)
                    .onlyServices("provisioner-svc", "topology-svc")
                    .serviceSettings("provisioner-svc", Map.of("mooring.provisioner.volume-name-prefix", "mooringb")));
            kubeA = client(siteA);
            kubeB = client(siteB);
            new MooringApi(siteA.service("provisioner-svc").baseUrl(), siteA.apiToken()).awaitArraysRegistered(DEADLINE);
            domainA = new MooringApi(siteA.service("topology-svc").baseUrl(), siteA.apiToken());
            domainB = new MooringApi(siteB.service("topology-svc").baseUrl(), siteB.apiToken());
            pair(kubeA, "site-b", siteB);
            pair(kubeB, "site-a", siteA);
        } catch (RuntimeException | AssertionError e) {
            stopBothSites();
            throw e;
        }
    }

    private static Stack.Options site(Path root, String letter, String witnessUrl, String initialState) {
        Map<String, String> dr = new LinkedHashMap<>();
        dr.put("mooring.dr.domain", "site-" + letter);
        dr.put("mooring.dr.initial-state", initialState);
        dr.put("mooring.dr.arrays", "array-" + letter);
        dr.put("mooring.dr.namespace", DR_NAMESPACE);
        dr.put("mooring.dr.witness-url", witnessUrl);
        dr.put("mooring.dr.peer-check-interval", "PT1S");
        dr.put("mooring.dr.call-timeout", "PT2S");
        return Stack.Options.defaults(root)
                .work(root.resolve("devstack/target/system-test-dr-site-" + letter))
                .anyFreePorts()
                .databaseSuffix("_systest_dr_" + letter)
                .serviceSettings("topology-svc", dr);
    }

    @AfterAll
    static void stopBothSites() {
        thawSiteA();
        for (AutoCloseable closing : new AutoCloseable[] {kubeA, kubeB, siteB, siteA}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
        if (witness != null) {
            witness.stop(0);
        }
        if (!figures.isEmpty()) {
            System.out.println("Disaster recovery figures:\n  " + String.join("\n  ", figures));
        }
    }

    // ------------------------------------------------------------------------------------------------ the story

    @Test
    @Order(1)
    void bothDomainsAreSeenFromEachSideAndActivatingBothIsRefused() {
        await().atMost(DEADLINE).untilAsserted(() -> {
            Http.Answer answer = domainA.call("GET", "/api/v1/cluster-domains", null);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("domains").path(1).path("reachable").asBoolean()).as(answer.body()).isTrue();
        });
        JsonNode fromA = domainA.call("GET", "/api/v1/cluster-domains", null).json();
        assertThat(fromA.path("local").asText()).isEqualTo("site-a");
        assertThat(state(fromA, "site-a")).isEqualTo("active");
        assertThat(state(fromA, "site-b")).isEqualTo("inactive");
        assertThat(fromA.path("witness").path("reachable").asBoolean()).isTrue();
        JsonNode pod = await().atMost(DEADLINE).until(() -> domainA.call("GET", "/api/v1/cluster-domains", null).json()
                .path("pods").path(0), p -> p.path("arrays").size() == 2);
        assertThat(pod.path("name").asText()).isEqualTo("pod1");
        assertThat(pod.toString()).contains("\"array\":\"array-a\"", "\"domain\":\"site-a\"", "\"array\":\"array-b\"",
                "\"domain\":\"site-b\"");

        Http.Answer activateB = domainB.call("POST", "/api/v1/cluster-domains/site-b/activate", null);
        assertThat(activateB.status()).as(activateB.body()).isEqualTo(409);
        assertThat(activateB.json().path("detail").asText()).contains("both domains active", "site-a");
        Http.Answer fromAToo = domainA.call("POST", "/api/v1/cluster-domains/site-b/activate", null);
        assertThat(fromAToo.status()).as("asked through site-a, refused by site-b: " + fromAToo.body()).isEqualTo(409);
        Http.Answer deactivateA = domainA.call("POST", "/api/v1/cluster-domains/site-a/deactivate", null);
        assertThat(deactivateA.status()).as(deactivateA.body()).isEqualTo(409);
        assertThat(deactivateA.json().path("detail").asText()).contains("no domain active");
        assertThat(state(domainB.call("GET", "/api/v1/cluster-domains", null).json(), "site-b")).isEqualTo("inactive");

        Run list = ctl(siteB, "cluster-domain", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("site-a", "site-b", "active", "inactive", "pod1", "array-a", "array-b");
        write("cluster-domain-list.txt", "$ mooringctl cluster-domain list\n" + list.out());
        Run both = ctl(siteB, "cluster-domain", "activate", "site-b", "--wait");
        assertThat(both.exitCode()).as(both.out()).isNotZero();
        assertThat(both.err()).contains("both domains active");
    }

    @Test
    @Order(2)
    void aScheduleMigratesTheApplicationToSiteBAtZeroReplicasOnTheSameArrayVolumes() {
        deployTheApplication();
        kubeA.genericKubernetesResources(SCHEDULES).inNamespace(DR_NAMESPACE).resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("dr.mooring.dev/v1alpha1").withKind("MigrationSchedule")
                .withNewMetadata().withName("wordpress-to-site-b").withNamespace(DR_NAMESPACE).endMetadata()
                .addToAdditionalProperties("spec", Map.of("clusterPair", "site-b", "namespaces", List.of(NAMESPACE),
                        "interval", "10s"))
                .build()).create();

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(kubeB.apps().statefulSets().inNamespace(NAMESPACE).withName("mysql").get()).isNotNull();
            assertThat(kubeB.apps().deployments().inNamespace(NAMESPACE).withName("wordpress").get()).isNotNull();
            assertThat(kubeB.configMaps().inNamespace(NAMESPACE).withName("mooring-dr-migration").get()).isNotNull();
        });
        var mysql = kubeB.apps().statefulSets().inNamespace(NAMESPACE).withName("mysql").get();
        var wordpress = kubeB.apps().deployments().inNamespace(NAMESPACE).withName("wordpress").get();
        assertThat(mysql.getSpec().getReplicas()).isZero();
        assertThat(mysql.getMetadata().getAnnotations()).containsEntry("dr.mooring.dev/replicas", "1");
        assertThat(wordpress.getSpec().getReplicas()).isZero();
        assertThat(wordpress.getMetadata().getAnnotations()).containsEntry("dr.mooring.dev/replicas", "2");
        assertThat(kubeB.services().inNamespace(NAMESPACE).withName("wordpress").get()).isNotNull();
        assertThat(kubeB.configMaps().inNamespace(NAMESPACE).withName("wordpress-config").get()).isNotNull();
        assertThat(kubeB.secrets().inNamespace(NAMESPACE).withName("mysql-pass").get()).isNotNull();
        for (var claim : volumeHandles.entrySet()) {
            PersistentVolumeClaim copy = kubeB.persistentVolumeClaims().inNamespace(NAMESPACE).withName(claim.getKey()).get();
            assertThat(copy).as(claim.getKey() + " at site B").isNotNull();
            PersistentVolume pv = kubeB.persistentVolumes().withName(copy.getSpec().getVolumeName()).get();
            assertThat(pv.getSpec().getCsi().getVolumeHandle()).as("the same volume").isEqualTo(claim.getValue());
            assertThat(pv.getSpec().getCsi().getVolumeAttributes()).containsEntry("pod", "pod1");
            assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
            // Site B's provisioner adopted it under the same id, so its attach-svc can attach it after a failover.
            MooringApi provisionerB = new MooringApi(siteB.service("provisioner-svc").baseUrl(), siteB.apiToken());
            provisionerB.awaitState(claim.getValue(), Set.of("Ready"), DEADLINE, Duration.ofMillis(500));
        }
        await().atMost(DEADLINE).untilAsserted(() -> {
            GenericKubernetesResource schedule = schedule(kubeA);
            assertThat((Object) schedule.get("status", "lastRun", "outcome")).as(Http.JSON.writeValueAsString(schedule))
                    .isEqualTo("Successful");
            assertThat((List<?>) schedule.get("status", "lastRun", "unprotected")).isNullOrEmpty();
        });
    }

    @Test
    @Order(3)
    void failoverIsRefusedWhileTheSurvivingArrayDoesNotServeThePod() {
        // The link is cut with the Mediator keeping array-a (the pod's preference): array-b goes offline.
        siteA.simulatorAdmin().cutLink("array-a", "array-b");
        await().atMost(DEADLINE).until(() -> podStatus(domainB, "array-b"), "offline"::equals);

        Http.Answer dryRun = domainB.call("POST", "/api/v1/failovers", "{\"failedDomain\":\"site-a\",\"dryRun\":true}");
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().path("wouldSucceed").asBoolean()).isFalse();
        Run ctlDryRun = ctl(siteB, "failover", "--failed-domain", "site-a", "--dry-run");
        assertThat(ctlDryRun.exitCode()).as(ctlDryRun.out()).isNotZero();
        assertThat(ctlDryRun.out() + ctlDryRun.err()).contains("pod-online-here:pod1", "FAIL");
        write("failover-refused-dry-run.txt", "$ mooringctl failover --failed-domain site-a --dry-run\n" + ctlDryRun.out()
                + ctlDryRun.err());
        Http.Answer refused = domainB.call("POST", "/api/v1/failovers", "{\"failedDomain\":\"site-a\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("pod-online-here:pod1", "not online on any array of site-b");
        assertThat(state(domainB.call("GET", "/api/v1/cluster-domains", null).json(), "site-b")).isEqualTo("inactive");

        siteA.simulatorAdmin().restoreLink("array-a", "array-b");
        await().atMost(DEADLINE).until(() -> podStatus(domainB, "array-b"), "online"::equals);
    }

    @Test
    @Order(4)
    void siteACutSiteBFailsOverAndScalesTheApplicationUpWithoutANewVolume() {
        arrayVolumesBeforeFailover = arrayVolumeCount();
        // Site A is cut: the Mediator can only be reached by array-b, the replication link goes, and site A's API
        // server and its Mooring stop answering (frozen, so they return with what they held).
        siteA.simulatorAdmin().mediatorUnreachable("array-a");
        siteA.simulatorAdmin().cutLink("array-a", "array-b");
        freezeSiteA();
        await().atMost(DEADLINE).until(() -> podStatus(domainB, "array-a"), s -> !"online".equals(s));
        await().atMost(DEADLINE).until(() -> podStatus(domainB, "array-b"), "online"::equals);

        Http.Answer dryRun = domainB.call("POST", "/api/v1/failovers", "{\"failedDomain\":\"site-a\",\"dryRun\":true}");
        assertThat(dryRun.json().path("wouldSucceed").asBoolean()).as(dryRun.body()).isTrue();
        write("failover-dry-run.json", dryRun.body());

        Instant asked = Instant.now();
        Http.Answer started = domainB.call("POST", "/api/v1/failovers", "{\"failedDomain\":\"site-a\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        Http.Answer again = domainB.call("POST", "/api/v1/failovers", "{\"failedDomain\":\"site-a\"}");
        assertThat(again.status()).as("asked twice, started once: " + again.body()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(id);

        JsonNode done = await().atMost(DEADLINE).until(() -> domainB.call("GET", "/api/v1/failovers/" + id, null).json(),
                op -> !"Running".equals(op.path("state").asText()));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("Succeeded");
        await().atMost(DEADLINE).until(() -> replicas(kubeB, "wordpress") == 2 && statefulReplicas(kubeB, "mysql") == 1);
        Instant scaledUp = Instant.now();
        write("failover.json", done.toString());
        Run inspect = ctl(siteB, "failover", "inspect", id);
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("deactivate-failed", "activate-here", "scale-up", "Succeeded");
        write("failover-inspect.txt", "$ mooringctl failover inspect " + id + "\n" + inspect.out());
        assertThat(state(domainB.call("GET", "/api/v1/cluster-domains", null).json(), "site-b")).isEqualTo("active");
        assertThat(arrayVolumeCount()).as("no volume created or copied").isEqualTo(arrayVolumesBeforeFailover);
        Duration recorded = Duration.between(Instant.parse(done.path("decidedAt").asText()),
                Instant.parse(done.path("finishedAt").asText()));
        figures.add("failover, decision to workloads scaled up (recorded): " + recorded.toMillis() + " ms");
        figures.add("failover, request to replicas seen in site B's API: " + Duration.between(asked, scaledUp).toMillis()
                + " ms");
    }

    @Test
    @Order(5)
    void theExtenderPlacesThePodsOnSiteBNodes() {
        try (ClusterNodes nodesB = new ClusterNodes(kubeB, Duration.ofSeconds(2))) {
            nodesB.add("b-node-1", "metro", "zone-b");
            nodesB.add("b-node-2", "metro", "zone-b");
            String args = extenderArgs("wordpress", "wp-content", List.of("b-node-1", "b-node-2"));
            JsonNode filtered = await().atMost(DEADLINE).until(() -> domainB.call("POST", "/api/v1/scheduler/filter", args),
                    a -> a.status() == 200 && a.json().path("nodenames").size() == 2).json();
            assertThat(filtered.path("failedNodes").size()).as(filtered.toString()).isZero();
            JsonNode scores = domainB.call("POST", "/api/v1/scheduler/prioritize", args).json();
            assertThat(scores.size()).isEqualTo(2);
            scores.forEach(score -> assertThat(score.path("score").asInt()).as(scores.toString()).isPositive());
        }
    }

    @Test
    @Order(6)
    void siteAReturnsStepsDownAndTheApplicationFailsBackAfterTheResync() {
        thawSiteA();
        siteA.simulatorAdmin().mediatorReachable("array-a");
        // Site A returns still marked active; it learns site-b was activated after it and steps down.
        await().atMost(DEADLINE).until(() -> state(domainA.call("GET", "/api/v1/cluster-domains", null).json(), "site-a"),
                "inactive"::equals);
        await().atMost(DEADLINE).until(() -> replicas(kubeA, "wordpress") == 0 && statefulReplicas(kubeA, "mysql") == 0);
        String inactiveSite = extenderArgs("wordpress", "wp-content", List.of("a-node-1"));
        JsonNode refusedAtA = domainA.call("POST", "/api/v1/scheduler/filter", inactiveSite).json();
        assertThat(refusedAtA.path("failedAndUnresolvableNodes").toString()).as("an inactive domain schedules nothing: "
                + refusedAtA)
                .contains("a-node-1", "inactive");

        siteA.simulatorAdmin().restoreLink("array-a", "array-b");
        Http.Answer started = domainB.call("POST", "/api/v1/failbacks", "{\"domain\":\"site-a\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        JsonNode done = await().atMost(DEADLINE.multipliedBy(2)).until(
                () -> domainB.call("GET", "/api/v1/failbacks/" + id, null).json(),
                op -> !"Running".equals(op.path("state").asText()));
        write("failback.json", done.toString());
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("Succeeded");
        await().atMost(DEADLINE).until(() -> replicas(kubeA, "wordpress") == 2 && statefulReplicas(kubeA, "mysql") == 1);
        assertThat(replicas(kubeB, "wordpress")).isZero();
        assertThat(statefulReplicas(kubeB, "mysql")).isZero();
        JsonNode domains = domainA.call("GET", "/api/v1/cluster-domains", null).json();
        assertThat(state(domains, "site-a")).isEqualTo("active");
        assertThat(state(domains, "site-b")).isEqualTo("inactive");
        assertThat(arrayVolumeCount()).as("no volume created or copied").isEqualTo(arrayVolumesBeforeFailover);
        Instant resynced = stepTime(done, "await-resync");
        figures.add("failback, resync done to application home (recorded): "
                + Duration.between(resynced, Instant.parse(done.path("finishedAt").asText())).toMillis() + " ms");
        write("figures.txt", String.join("\n", figures) + "\n");
    }

    // ------------------------------------------------------------------------------------------------ the application

    private static void deployTheApplication() {
        kubeA.resource(new StorageClassBuilder().withNewMetadata().withName("px-metro").endMetadata()
                .withProvisioner("pxd.portworx.com")
                .withParameters(Map.of("backend", "pure_block", "pure_fa_pod_name", "pod1"))
                .build()).create();
        kubeA.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        for (String claim : List.of("mysql-data", "wp-content")) {
            kubeA.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(claim).withNamespace(NAMESPACE)
                    .endMetadata().withNewSpec().withStorageClassName("px-metro").withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity("10Gi")).endResources().endSpec()
                    .build()).create();
        }
        for (String claim : List.of("mysql-data", "wp-content")) {
            PersistentVolumeClaim bound = await().atMost(DEADLINE).until(
                    () -> kubeA.persistentVolumeClaims().inNamespace(NAMESPACE).withName(claim).get(),
                    c -> c != null && c.getSpec().getVolumeName() != null && c.getStatus() != null
                            && "Bound".equals(c.getStatus().getPhase()));
            PersistentVolume pv = kubeA.persistentVolumes().withName(bound.getSpec().getVolumeName()).get();
            volumeHandles.put(claim, pv.getSpec().getCsi().getVolumeHandle());
        }
        kubeA.resource(new SecretBuilder().withNewMetadata().withName("mysql-pass").withNamespace(NAMESPACE).endMetadata()
                .addToStringData("password", "not-a-real-password").build()).create();
        kubeA.resource(new ConfigMapBuilder().withNewMetadata().withName("wordpress-config").withNamespace(NAMESPACE)
                .endMetadata().addToData("WORDPRESS_DB_HOST", "mysql").build()).create();
        kubeA.resource(new ServiceBuilder().withNewMetadata().withName("wordpress").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().addToSelector("app", "wordpress").addNewPort().withPort(80).endPort().endSpec().build()).create();
        kubeA.resource(new StatefulSetBuilder().withNewMetadata().withName("mysql").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("mysql").withNewSelector().addToMatchLabels("app", "mysql")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "mysql").endMetadata().withNewSpec()
                .addNewContainer().withName("mysql").withImage("mysql:8").addNewVolumeMount().withName("data")
                .withMountPath("/var/lib/mysql").endVolumeMount().endContainer()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("mysql-data")
                .endPersistentVolumeClaim().endVolume().endSpec().endTemplate().endSpec().build()).create();
        kubeA.resource(new DeploymentBuilder().withNewMetadata().withName("wordpress").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "wordpress").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "wordpress").endMetadata().withNewSpec()
                .addNewContainer().withName("wordpress").withImage("wordpress:6").addNewVolumeMount().withName("content")
                .withMountPath("/var/www/html").endVolumeMount().endContainer()
                .addNewVolume().withName("content").withNewPersistentVolumeClaim().withClaimName("wp-content")
                .endPersistentVolumeClaim().endVolume().endSpec().endTemplate().endSpec().build()).create();
    }

    /** ExtenderArgs as kube-scheduler sends them (nodeCacheCapable: node names only) for a pod using {@code claim}. */
    private static String extenderArgs(String pod, String claim, List<String> nodes) {
        return "{\"pod\":{\"metadata\":{\"name\":\"" + pod + "-0\",\"namespace\":\"" + NAMESPACE + "\"},\"spec\":{\"volumes\":"
                + "[{\"name\":\"v\",\"persistentVolumeClaim\":{\"claimName\":\"" + claim + "\"}}]}},\"nodenames\":"
                + Http.JSON.valueToTree(nodes) + "}";
    }

    // ------------------------------------------------------------------------------------------------ the sites

    /** Each site's pairing Secret and ClusterPair name the other: its domain, topology-svc, token and Kubernetes API. */
    private static void pair(KubernetesClient cluster, String otherDomain, Stack other) {
        // Installing Mooring with DR installs its CRDs (k8s/base/crds), as in a real cluster.
        for (String crd : List.of("clusterpair.yaml", "migrationschedule.yaml")) {
            try (var in = Files.newInputStream(Stack.findRoot().resolve("k8s/base/crds").resolve(crd))) {
                cluster.load(in).items().forEach(item -> cluster.resource(item).create());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        cluster.resource(new NamespaceBuilder().withNewMetadata().withName(DR_NAMESPACE).endMetadata().build()).create();
        String kubeconfig;
        try {
            kubeconfig = Files.readString(other.kubeconfig());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        cluster.resource(new SecretBuilder().withNewMetadata().withName("mooring-cluster-pair").withNamespace(DR_NAMESPACE)
                .endMetadata().addToStringData("domain", otherDomain)
                .addToStringData("endpoint", other.service("topology-svc").baseUrl())
                .addToStringData("token", other.apiToken())
                .addToStringData("kubeconfig", kubeconfig).build()).create();
        GenericKubernetesResource pair = new GenericKubernetesResourceBuilder().withApiVersion("dr.mooring.dev/v1alpha1")
                .withKind("ClusterPair").withNewMetadata().withName(otherDomain).withNamespace(DR_NAMESPACE).endMetadata()
                .addToAdditionalProperties("spec", Map.of("domain", otherDomain, "secretName", "mooring-cluster-pair"))
                .build();
        cluster.genericKubernetesResources(CLUSTER_PAIRS).inNamespace(DR_NAMESPACE).resource(pair).create();
    }

    private static final List<String> SITE_A_PROCESSES = List.of("kube-api", "provisioner-svc", "topology-svc");
    private static boolean frozen;

    private static void freezeSiteA() {
        SITE_A_PROCESSES.forEach(siteA::freeze);
        frozen = true;
    }

    private static void thawSiteA() {
        if (frozen && siteA != null) {
            SITE_A_PROCESSES.forEach(siteA::thaw);
            frozen = false;
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    private static String state(JsonNode view, String domain) {
        for (JsonNode d : view.path("domains")) {
            if (domain.equals(d.path("name").asText())) {
                return d.path("state").asText(null);
            }
        }
        return null;
    }

    private static String podStatus(MooringApi domain, String array) {
        for (JsonNode member : domain.call("GET", "/api/v1/cluster-domains", null).json().path("pods").path(0).path("arrays")) {
            if (array.equals(member.path("array").asText())) {
                return member.path("status").asText();
            }
        }
        return null;
    }

    private static GenericKubernetesResource schedule(KubernetesClient cluster) {
        return cluster.genericKubernetesResources(SCHEDULES).inNamespace(DR_NAMESPACE).withName("wordpress-to-site-b").get();
    }

    private static int replicas(KubernetesClient cluster, String name) {
        var d = cluster.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
        return d == null || d.getSpec().getReplicas() == null ? -1 : d.getSpec().getReplicas();
    }

    private static int statefulReplicas(KubernetesClient cluster, String name) {
        var s = cluster.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
        return s == null || s.getSpec().getReplicas() == null ? -1 : s.getSpec().getReplicas();
    }

    private static Instant stepTime(JsonNode op, String step) {
        for (JsonNode s : op.path("steps")) {
            if (step.equals(s.path("name").asText())) {
                return Instant.parse(s.path("at").asText());
            }
        }
        throw new AssertionError("no step " + step + " in " + op);
    }

    /**
     * Volumes of the stretched pod on array-b, the array that serves site B: a failover or failback must neither
     * create nor copy one there. (Site B's storage nodes get pool drives of their own, outside the pod.)
     */
    private static int arrayVolumeCount() {
        try (SimulatedArrays arrays = SimulatedArrays.connect(siteA, 2)) {
            return arrays.volumesStartingWith("array-b", "pod1::").size();
        }
    }

    private static void write(String file, String content) {
        try {
            Files.writeString(OUT.resolve(file), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    /** mooringctl as an operator runs it at one site: the launcher, configured only by that site's context file. */
    private static Run ctl(Stack site, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", Stack.findRoot().resolve("mooringctl/mooringctl").toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(OUT, "out", ".txt");
            Path err = Files.createTempFile(OUT, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("MOORING_API_TOKEN");
            builder.environment().put("MOORINGCTL_CONTEXT", site.ctlContext().toString());
            Process process = builder.start();
            if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mooringctl " + String.join(" ", args) + " did not end within 90 s");
            }
            Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            assertThat(run.out() + run.err()).as("no token shows").doesNotContain(siteA.apiToken())
                    .doesNotContain(siteB.apiToken());
            return run;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static KubernetesClient client(Stack stack) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(stack.kubeApiUrl())
                .withAutoConfigure(false).build()).build();
    }

    private static ResourceDefinitionContext crd(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("dr.mooring.dev").withVersion("v1alpha1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
