package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The reader of fabric8 calls that RbacManifestTest relies on: what it finds, and what it refuses to guess. */
class KubeCallsTest {

    @Test
    void chainsFromAClientFieldAnInstanceOrThroughAHelpersReturnAreRead() {
        String source = """
                class Writer {
                    @Inject KubernetesClient client;
                    @Inject Instance<KubernetesClient> lazy;
                    // client.secrets().list() in a comment is no call
                    private Resource<VolumeAttachment> va(String name) {
                        return client.storage().v1().volumeAttachments().withName(name);
                    }
                    void work() {
                        va("a").editStatus(v -> { v.setStatus(null); return v; });
                        String s = "client.pods().delete()";
                        lazy.get().configMaps().inNamespace(ns()).withName("m").inform(handler, 10);
                        if (client.getNamespace() != null) {
                            this.client.v1().events().inNamespace("default").withName("e").patch(ctx, "{}");
                        }
                    }
                }
                """;
        assertThat(KubeCalls.scan("Writer", source)).extracting(KubeCalls.Call::permission).containsExactlyInAnyOrder(
                "storage.k8s.io/volumeattachments:get", "storage.k8s.io/volumeattachments/status:patch",
                "configmaps:list", "configmaps:watch", "events:get", "events:patch");
    }

    @Test
    void customResourcesAreReadThroughTheirConstantAndWorkloadsThroughApps() {
        String source = """
                class Runs {
                    KubernetesClient k;
                    void a(Object s) {
                        k.genericKubernetesResources(MigrationResources.MIGRATION_SCHEDULES).inNamespace("m").resource(s).updateStatus();
                        k.apps().statefulSets().inNamespace("n").withName("db").patch(ctx, "{}");
                        k.apps().deployments().inNamespace("n").resource(d).update();
                    }
                }
                """;
        assertThat(KubeCalls.scan("Runs", source)).extracting(KubeCalls.Call::permission).containsExactlyInAnyOrder(
                "dr.mooring.dev/migrationschedules/status:update", "apps/statefulsets:get", "apps/statefulsets:patch",
                "apps/deployments:update");
    }

    @Test
    void anUnknownAccessorOrOperationOrAHandleKeptInAVariableIsRefusedNamingTheClass() {
        assertThatThrownBy(() -> KubeCalls.scan("Pods", "class Pods { KubernetesClient k; void a() { k.batch().v1().jobs().list(); } }"))
                .hasMessageContaining("Pods").hasMessageContaining("accessor batch()");
        assertThatThrownBy(() -> KubeCalls.scan("Nodes", "class Nodes { KubernetesClient k; void a() { k.nodes().withName(\"n\").serverSideApply(); } }"))
                .hasMessageContaining("Nodes").hasMessageContaining("operation serverSideApply()");
        assertThatThrownBy(() -> KubeCalls.scan("Crs", "class Crs { KubernetesClient k; void a(Object c) { k.genericKubernetesResources(c).list(); } }"))
                .hasMessageContaining("Crs").hasMessageContaining("genericKubernetesResources(c)");
        assertThatThrownBy(() -> KubeCalls.scan("Kept", "class Kept { KubernetesClient k; void a() { var r = k.nodes().withName(\"n\"); r.edit(x -> x); } }"))
                .hasMessageContaining("Kept").hasMessageContaining("not a helper's return");
    }
}
