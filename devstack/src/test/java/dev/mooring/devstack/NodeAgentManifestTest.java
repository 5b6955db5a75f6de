package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/base/node-agent.yaml} against what the node agent and the services really are: the kubelet finds the
 * agent's socket where the registrar says it is, under the driver name the agent answers to and the PVs name; every
 * host path is mounted; the agent reaches the services by their Services with their token; kustomize builds it all.
 * A mismatch here is a node where every Mooring pod stays in ContainerCreating.
 */
class NodeAgentManifestTest {

    /** mooring.agent.csi.socket's default (AgentConfig), used when the manifest does not set it. */
    private static final String AGENT_DEFAULT_SOCKET = "/csi/csi.sock";
    private static final String KUBELET_PLUGINS = "/var/lib/kubelet/plugins/";

    private final Path root = Stack.findRoot();
    private final Path base = root.resolve("k8s/base");
    private final List<HasMetadata> objects = load(base.resolve("node-agent.yaml"));
    private final DaemonSet daemonSet = only(objects, DaemonSet.class);
    private final PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
    private final Container agent = container("node-agent");
    private final Container registrar = container("node-driver-registrar");

    @Test
    void theKubeletIsToldTheSocketPathTheAgentListensOnInThePluginDirectoryOfItsDriverName() {
        String driver = agentDriverName();
        String socket = env(agent, "MOORING_AGENT_CSI_SOCKET").orElse(AGENT_DEFAULT_SOCKET);

        // The agent's socket lies in the volume it mounts at /csi, the driver's plugin directory on the host.
        VolumeMount agentMount = mountHolding(agent, socket);
        Volume pluginDir = volume(agentMount.getName());
        assertThat(pluginDir.getHostPath().getPath()).isEqualTo(KUBELET_PLUGINS + driver);
        String hostSocket = pluginDir.getHostPath().getPath() + socket.substring(agentMount.getMountPath().length());

        // The registrar dials the same file through its own mount of that volume, and registers the host's path.
        String csiAddress = arg(registrar, "--csi-address");
        VolumeMount registrarMount = mountHolding(registrar, csiAddress);
        assertThat(registrarMount.getName()).isEqualTo(agentMount.getName());
        assertThat(csiAddress.substring(registrarMount.getMountPath().length()))
                .isEqualTo(socket.substring(agentMount.getMountPath().length()));
        assertThat(arg(registrar, "--kubelet-registration-path")).isEqualTo(hostSocket)
                .isEqualTo(KUBELET_PLUGINS + driver + "/csi.sock");

        // The registration socket goes into the kubelet's plugin registry, mounted where the registrar puts it.
        VolumeMount registration = registrar.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/registration"))
                .findFirst().orElseThrow();
        assertThat(volume(registration.getName()).getHostPath().getPath()).isEqualTo("/var/lib/kubelet/plugins_registry");
        // Its health endpoint is what its liveness probe asks.
        String endpoint = arg(registrar, "--http-endpoint");
        assertThat(registrar.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(registrar.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo(registrar.getLivenessProbe().getHttpGet().getPort().getStrVal());
            assertThat(":" + p.getContainerPort()).isEqualTo(endpoint);
        });
    }

    @Test
    void theCsiDriverObjectIsTheDriverThePvsNameAndTheAgentServes() {
        CSIDriver driver = only(objects, CSIDriver.class);
        String provisioner = properties("provisioner-svc").getProperty("mooring.provisioner.names").split(",")[0].strip();
        assertThat(env(deploymentContainer("provisioner-svc"), "MOORING_PROVISIONER_NAMES")).isEmpty();
        assertThat(driver.getMetadata().getName()).isEqualTo(provisioner).isEqualTo(agentDriverName());
        assertThat(driver.getSpec().getAttachRequired()).isTrue();
        assertThat(driver.getSpec().getPodInfoOnMount()).isTrue();
        assertThat(driver.getSpec().getVolumeLifecycleModes()).containsExactly("Persistent");
        assertThat(driver.getSpec().getFsGroupPolicy()).isEqualTo("File");
    }

    @Test
    void everyHostPathIsMountedAndOnlyTheAgentIsPrivileged() {
        Set<String> mounted = pod.getContainers().stream().flatMap(c -> c.getVolumeMounts().stream()).map(VolumeMount::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(mounted).isEqualTo(declared);
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).as(v.getName()).isNotNull());
        assertThat(pod.getVolumes()).extracting(v -> v.getHostPath().getPath()).contains("/var/lib/kubelet", "/dev", "/sys",
                "/etc/iscsi", "/etc/multipath", "/etc/multipath.conf", "/run/udev", "/etc/pwx", "/var/lib/mooring-agent");
        // Staging and target mounts made in the container must reach the kubelet: only Bidirectional does that.
        assertThat(agent.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals("/var/lib/kubelet"))
                .singleElement().satisfies(m -> assertThat(m.getMountPropagation()).isEqualTo("Bidirectional"));
        assertThat(agent.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals("/etc/pwx"))
                .singleElement().satisfies(m -> assertThat(m.getReadOnly()).isTrue());
        assertThat(agent.getSecurityContext().getPrivileged()).isTrue();
        assertThat(registrar.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        // iscsid's abstract socket is in the host's network namespace; Service names still resolve.
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod.getTolerations()).anySatisfy(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getKey()).isNull();
        });
    }

    @Test
    void theAgentKnowsItsNodeReachesTheServicesWithTheirTokenAndIsProbedOnItsHealth() {
        assertThat(agent.getEnv()).filteredOn(e -> e.getName().equals("MOORING_AGENT_NODE_NAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName"));
        Map<String, Service> services = load(base).stream().filter(Service.class::isInstance).map(Service.class::cast)
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        for (String service : List.of("attach-svc", "health-svc", "topology-svc")) {
            String variable = "MOORING_AGENT_SERVICES_" + service.replace("-svc", "").toUpperCase() + "_URL";
            String url = env(agent, variable).orElseThrow(() -> new AssertionError(variable + " is not set"));
            assertThat(services).as("the Service " + url + " names").containsKey(url.replace("http://", ""));
            assertThat(services.get(service).getSpec().getPorts()).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(80));
        }
        EnvVar token = agent.getEnv().stream().filter(e -> e.getName().equals("MOORING_AGENT_SERVICES_TOKEN")).findFirst().orElseThrow();
        EnvVar servicesTokens = deploymentContainer("attach-svc").getEnv().stream()
                .filter(e -> e.getName().equals("MOORING_API_TOKENS")).findFirst().orElseThrow();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(servicesTokens.getValueFrom().getSecretKeyRef().getName());
        assertThat(read(root.resolve("k8s/samples/api-token-secret.yaml")))
                .contains("  " + token.getValueFrom().getSecretKeyRef().getKey() + ": ");

        int port = properties("node-agent").getProperty("quarkus.http.port") == null ? 8080
                : Integer.parseInt(properties("node-agent").getProperty("quarkus.http.port"));
        assertThat(agent.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getContainerPort()).isEqualTo(port);
            assertThat(agent.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(p.getName());
            assertThat(agent.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(p.getName());
        });
        assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(agent.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void theServiceAccountMayReadNodesAndRecordEventsAndNothingElse() {
        assertThat(pod.getServiceAccountName()).isEqualTo("mooring-node-agent");
        ClusterRoleBinding binding = only(objects, ClusterRoleBinding.class);
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo(pod.getServiceAccountName()));
        ClusterRole role = only(objects, ClusterRole.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(role.getRules()).extracting(r -> String.join(",", r.getResources()) + ":" + String.join(",", r.getVerbs()))
                .containsExactlyInAnyOrder("nodes:get", "events:create,patch");
        assertThat(role.getRules()).extracting(PolicyRule::getApiGroups).allSatisfy(g -> assertThat(g).containsExactly(""));
    }

    @Test
    void theKustomizationListsEveryManifestAndTheNodeAgentsImageAndKubectlBuildsIt() throws Exception {
        String kustomization = read(base.resolve("kustomization.yaml"));
        try (Stream<Path> files = Files.list(base)) {
            List<String> manifests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).sorted().toList();
            assertThat(manifests).contains("node-agent.yaml")
                    .allSatisfy(m -> assertThat(kustomization).as("kustomization resources").contains("\n  - " + m + "\n"));
        }
        assertThat(agent.getImage()).isEqualTo("mooring/node-agent");
        assertThat(kustomization).contains("- name: mooring/node-agent\n    newTag: " + Images.version());

        // kubectl's own kustomize, offline: the whole base builds, with the node agent's objects in it.
        if (Podman.onPath("kubectl")) {
            Path output = Files.createTempFile("kustomize-", ".yaml");
            try {
                int code = Commands.exec(List.of("kubectl", "kustomize", base.toString()), root, Map.of(), Duration.ofMinutes(1), output);
                String built = read(output);
                assertThat(code).as("kubectl kustomize:\n" + built).isZero();
                List<HasMetadata> all = parse(built);
                assertThat(all).filteredOn(DaemonSet.class::isInstance).singleElement().satisfies(d -> {
                    PodSpec spec = ((DaemonSet) d).getSpec().getTemplate().getSpec();
                    assertThat(d.getMetadata().getNamespace()).isEqualTo("mooring");
                    assertThat(spec.getContainers()).extracting(Container::getImage)
                            .contains("mooring/node-agent:" + Images.version());
                });
                assertThat(all).filteredOn(CSIDriver.class::isInstance).singleElement()
                        .satisfies(d -> assertThat(d.getMetadata().getNamespace()).isNull());
                // The Role that reads px-pure-secret stays where the Secret is (a top-level namespace would move it).
                assertThat(all).filteredOn(o -> o.getMetadata().getName().equals("mooring-pure-secret"))
                        .extracting(o -> o.getKind() + " " + o.getMetadata().getNamespace())
                        .containsExactlyInAnyOrder("Role kube-system", "RoleBinding kube-system");
                assertThat(all).filteredOn(o -> !o.getMetadata().getName().equals("mooring-pure-secret")
                                && !List.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CSIDriver").contains(o.getKind()))
                        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " "
                                + o.getMetadata().getName()).isEqualTo("mooring"));
                assertThat(all).filteredOn(ClusterRoleBinding.class::isInstance)
                        .anySatisfy(b -> assertThat(((ClusterRoleBinding) b).getSubjects()).singleElement()
                                .satisfies(s -> assertThat(s.getNamespace()).isEqualTo("mooring")));
            } finally {
                Files.deleteIfExists(output);
            }
        }
    }

    /** The first driver name the node agent answers to: its setting in the DaemonSet, or its application's. */
    private String agentDriverName() {
        return env(agent, "MOORING_PROVISIONER_NAMES")
                .orElseGet(() -> properties("node-agent").getProperty("mooring.provisioner.names")).split(",")[0].strip();
    }

    private Container container(String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in the DaemonSet"));
    }

    private Container deploymentContainer(String service) {
        Deployment deployment = only(load(base.resolve(service + ".yaml")), Deployment.class);
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private Volume volume(String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** The container's mount whose directory holds {@code path}. */
    private static VolumeMount mountHolding(Container container, String path) {
        return container.getVolumeMounts().stream().filter(m -> path.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing that holds " + path));
    }

    private static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValue() != null)
                .map(EnvVar::getValue).findFirst();
    }

    private static String arg(Container container, String flag) {
        return container.getArgs().stream().filter(a -> a.startsWith(flag + "=")).map(a -> a.substring(flag.length() + 1))
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no " + flag));
    }

    private Properties properties(String module) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve(module).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as(kind.getSimpleName() + " objects").hasSize(1);
        return found.get(0);
    }

    /** The objects of one manifest, or of every manifest in a directory. */
    private static List<HasMetadata> load(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                List<HasMetadata> all = new ArrayList<>();
                files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).sorted()
                        .forEach(p -> all.addAll(load(p)));
                return all;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parse(read(path));
    }

    /** Typed objects (fabric8's model) of a multi-document YAML; custom resources (Strimzi, CloudNativePG) come generic. */
    private static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : Arrays.stream(yaml.split("(?m)^---\\s*$")).filter(d -> d.contains("kind:")).toList()) {
            Object parsed = Serialization.unmarshal(document);
            if (parsed instanceof KubernetesList list) {
                objects.addAll(list.getItems());
            } else if (parsed instanceof HasMetadata object) {
                objects.add(object);
            }
        }
        return objects;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
