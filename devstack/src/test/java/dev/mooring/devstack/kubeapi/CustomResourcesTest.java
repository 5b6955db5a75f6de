package dev.mooring.devstack.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in keeps a DR custom resource's spec and status as sent, and its status only through /status. */
class CustomResourcesTest {

    private static final ResourceDefinitionContext SCHEDULES = new ResourceDefinitionContext.Builder()
            .withGroup("dr.mooring.dev").withVersion("v1alpha1").withKind("MigrationSchedule")
            .withPlural("migrationschedules").withNamespaced(true).build();

    private KubeApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = KubeApiServer.start("127.0.0.1", 0);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.port()).withAutoConfigure(false).build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aScheduleKeepsItsSpecAndGetsItsStatusThroughTheSubresource() throws Exception {
        // Its CRD installed first, as in a cluster (the stand-in must still keep the status it is sent).
        try (var in = java.nio.file.Files.newInputStream(dev.mooring.devstack.Stack.findRoot()
                .resolve("k8s/base/crds/migrationschedule.yaml"))) {
            client.load(in).items().forEach(item -> client.resource(item).create());
        }
        assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems()).hasSize(1);
        client.genericKubernetesResources(SCHEDULES).inNamespace("default").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("dr.mooring.dev/v1alpha1").withKind("MigrationSchedule")
                .withNewMetadata().withName("s").withNamespace("default").endMetadata()
                .addToAdditionalProperties("spec", Map.of("namespaces", List.of("wordpress"), "interval", "10s"))
                .build()).create();
        GenericKubernetesResource stored = client.genericKubernetesResources(SCHEDULES).inNamespace("default").withName("s").get();
        assertThat((Object) stored.get("spec", "interval")).isEqualTo("10s");

        Map<String, Object> lastRun = new java.util.LinkedHashMap<>();
        lastRun.put("outcome", "Successful");
        lastRun.put("objects", 10);
        lastRun.put("unprotected", List.of());
        lastRun.put("message", null);
        stored.setAdditionalProperty("status", Map.of("lastRun", lastRun, "lastSuccessfulAt", "2026-12-07T01:00:00Z"));
        client.genericKubernetesResources(SCHEDULES).inNamespace("default").resource(stored).updateStatus();

        GenericKubernetesResource read = client.genericKubernetesResources(SCHEDULES).inNamespace("default").withName("s").get();
        assertThat((Object) read.get("status", "lastRun", "outcome")).isEqualTo("Successful");
        assertThat((Object) read.get("spec", "interval")).isEqualTo("10s");
    }
}
