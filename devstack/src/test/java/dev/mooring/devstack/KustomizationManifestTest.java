package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/base} as a whole: the kustomization lists every manifest and every image, and kubectl's own kustomize
 * builds it with each object in its namespace.
 */
class KustomizationManifestTest {

    /** Where objects other than the mooring namespace's live: the Roles next to what they grant. */
    private static final Set<String> ELSEWHERE = Set.of("kube-system", "kube-node-lease", "default");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CSIDriver",
            "CustomResourceDefinition");

    private final Path root = Stack.findRoot();
    private final Path base = root.resolve("k8s/base");

    @Test
    void theKustomizationListsEveryManifestAndEveryImage() throws Exception {
        String kustomization = Manifests.read(base.resolve("kustomization.yaml"));
        try (Stream<Path> files = Files.list(base)) {
            List<String> manifests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).sorted().toList();
            assertThat(manifests).contains("node-agent.yaml", "rbac.yaml", "network-policies.yaml")
                    .allSatisfy(m -> assertThat(kustomization).as("kustomization resources").contains("\n  - " + m + "\n"));
        }
        for (String image : Stream.concat(Manifests.SERVICES.stream(), Stream.of("node-agent")).toList()) {
            assertThat(kustomization).contains("- name: mooring/" + image + "\n    newTag: " + Images.version());
        }
    }

    @Test
    void kubectlBuildsTheBaseWithEachObjectInItsNamespace() throws Exception {
        // kubectl's own kustomize, offline.
        Optional<List<HasMetadata>> built = Manifests.kustomize(root, base);
        if (built.isEmpty()) {
            return; // no kubectl on this machine (bash .ci/run installs it)
        }
        List<HasMetadata> all = built.get();
        assertThat(all).filteredOn(DaemonSet.class::isInstance).singleElement().satisfies(d -> {
            PodSpec spec = ((DaemonSet) d).getSpec().getTemplate().getSpec();
            assertThat(spec.getContainers()).extracting(Container::getImage).contains("mooring/node-agent:" + Images.version());
        });
        assertThat(all).filteredOn(Deployment.class::isInstance).hasSize(Manifests.SERVICES.size()).allSatisfy(d -> {
            String name = d.getMetadata().getName();
            assertThat(((Deployment) d).getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getImage)
                    .containsExactly("mooring/" + name + ":" + Images.version());
        });
        assertThat(all).filteredOn(CSIDriver.class::isInstance).singleElement()
                .satisfies(d -> assertThat(d.getMetadata().getNamespace()).isNull());
        // Only Roles and their bindings live elsewhere (a top-level namespace in the kustomization would move them).
        assertThat(all).filteredOn(o -> o.getMetadata().getNamespace() != null && ELSEWHERE.contains(o.getMetadata().getNamespace()))
                .isNotEmpty().allSatisfy(o -> assertThat(o.getKind()).isIn("Role", "RoleBinding"));
        assertThat(all).filteredOn(o -> !CLUSTER_SCOPED.contains(o.getKind())
                        && !ELSEWHERE.contains(o.getMetadata().getNamespace()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo("mooring"));
        assertThat(all).filteredOn(ClusterRoleBinding.class::isInstance).allSatisfy(b ->
                assertThat(((ClusterRoleBinding) b).getSubjects()).allSatisfy(s -> assertThat(s.getNamespace()).isEqualTo("mooring")));
        assertThat(all).filteredOn(RoleBinding.class::isInstance).allSatisfy(b ->
                assertThat(((RoleBinding) b).getSubjects()).allSatisfy(s -> assertThat(s.getNamespace()).isEqualTo("mooring")));
    }

    @Test
    void kubectlBuildsTheDisasterRecoveryAndSchedulerAddOns() throws Exception {
        Optional<List<HasMetadata>> dr = Manifests.kustomize(root, root.resolve("k8s/dr"));
        if (dr.isEmpty()) {
            return; // no kubectl on this machine (bash .ci/run installs it)
        }
        assertThat(dr.get()).extracting(HasMetadata::getKind).contains("ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "NetworkPolicy");
        assertThat(Manifests.kustomize(root, root.resolve("k8s/scheduler")).orElseThrow()).isNotEmpty();
    }
}
