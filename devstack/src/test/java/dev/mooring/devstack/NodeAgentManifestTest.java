package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code k8s/base/node-agent.yaml} against what the node agent and the services really are: the kubelet finds the
 * agent's socket where the registrar says it is, under the driver name the agent answers to and the PVs name; every
 * host path is mounted; only the agent is privileged, each privilege justified; the agent reaches the services by their
 * Services over HTTPS, trusting their CA, with their token (its RBAC: RbacManifestTest). A mismatch here is a node where every Mooring pod stays in ContainerCreating.
 */
class NodeAgentManifestTest {

    /** mooring.agent.csi.socket's default (AgentConfig), used when the manifest does not set it. */
    private static final String AGENT_DEFAULT_SOCKET = "/csi/csi.sock";
    private static final String KUBELET_PLUGINS = "/var/lib/kubelet/plugins/";
    /** The one volume that is not a host path: the CA of the services' certificate. */
    private static final String SERVICES_CA = "services-ca";

    private final Path root = Stack.findRoot();
    private final Path base = root.resolve("k8s/base");
    private final List<HasMetadata> objects = Manifests.load(base.resolve("node-agent.yaml"));
    private final DaemonSet daemonSet = Manifests.only(objects, DaemonSet.class);
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
        CSIDriver driver = Manifests.only(objects, CSIDriver.class);
        String provisioner = Manifests.properties(root, "provisioner-svc").getProperty("mooring.provisioner.names").split(",")[0].strip();
        assertThat(env(deploymentContainer("provisioner-svc"), "MOORING_PROVISIONER_NAMES")).isEmpty();
        assertThat(driver.getMetadata().getName()).isEqualTo(provisioner).isEqualTo(agentDriverName());
        assertThat(driver.getSpec().getAttachRequired()).isTrue();
        assertThat(driver.getSpec().getPodInfoOnMount()).isTrue();
        assertThat(driver.getSpec().getVolumeLifecycleModes()).containsExactly("Persistent");
        assertThat(driver.getSpec().getFsGroupPolicy()).isEqualTo("File");
    }

    @Test
    void everyHostPathIsMounted() {
        Set<String> mounted = pod.getContainers().stream().flatMap(c -> c.getVolumeMounts().stream()).map(VolumeMount::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = pod.getVolumes().stream().map(Volume::getName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(mounted).isEqualTo(declared);
        // Every volume is a host path, but the services' CA and the agent's token for them.
        assertThat(pod.getVolumes()).filteredOn(v -> !v.getName().equals(SERVICES_CA) && v.getProjected() == null)
                .allSatisfy(v -> assertThat(v.getHostPath()).as(v.getName()).isNotNull());
        assertThat(pod.getVolumes()).filteredOn(v -> v.getHostPath() != null).extracting(v -> v.getHostPath().getPath()).contains("/var/lib/kubelet", "/dev", "/sys",
                "/etc/iscsi", "/etc/multipath", "/etc/multipath.conf", "/run/udev", "/etc/pwx", "/var/lib/mooring-agent");
        // Staging and target mounts made in the container must reach the kubelet: only Bidirectional does that.
        assertThat(agent.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals("/var/lib/kubelet"))
                .singleElement().satisfies(m -> assertThat(m.getMountPropagation()).isEqualTo("Bidirectional"));
        assertThat(agent.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals("/etc/pwx"))
                .singleElement().satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    }

    @Test
    void onlyTheAgentIsPrivilegedWithExactlyItsJustifiedListAndTheRegistrarIsRestricted() {
        // Each of the agent's privileges is justified in the manifest: a comment right above it.
        SecurityContext justified = new SecurityContextBuilder().withPrivileged(true).withRunAsUser(0L)
                .withReadOnlyRootFilesystem(false).withNewSeccompProfile().withType("Unconfined").endSeccompProfile().build();
        assertThat(agent.getSecurityContext()).isEqualTo(justified);
        List<String> lines = Manifests.read(base.resolve("node-agent.yaml")).lines().toList();
        for (String privilege : List.of("privileged: true", "runAsUser: 0", "readOnlyRootFilesystem: false",
                "seccompProfile: {type: Unconfined}")) {
            int at = lines.indexOf("            " + privilege);
            assertThat(at).as(privilege + " in the agent's securityContext").isPositive();
            assertThat(lines.get(at - 1).strip()).as("the comment that justifies " + privilege).startsWith("#");
        }
        // The registrar: root (the kubelet's registry and the agent's socket are root's), nothing else.
        assertThat(registrar.getSecurityContext()).isEqualTo(new SecurityContextBuilder().withRunAsUser(0L)
                .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().build());
        assertThat(pod.getSecurityContext()).isEqualTo(new PodSecurityContextBuilder().withNewSeccompProfile()
                .withType("RuntimeDefault").endSeccompProfile().build());
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
        // iscsid's abstract socket is in the host's network namespace; Service names still resolve.
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod.getTolerations()).anySatisfy(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getKey()).isNull();
        });
    }

    @Test
    void theAgentKnowsItsNodeReachesTheServicesWithItsPodsTokenAndIsProbedOnItsHealth() {
        assertThat(agent.getEnv()).filteredOn(e -> e.getName().equals("MOORING_AGENT_NODE_NAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName"));
        Map<String, Service> services = Manifests.load(base).stream().filter(Service.class::isInstance).map(Service.class::cast)
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        for (String service : List.of("attach-svc", "health-svc", "topology-svc")) {
            String variable = "MOORING_AGENT_SERVICES_" + service.replace("-svc", "").toUpperCase() + "_URL";
            URI url = URI.create(env(agent, variable).orElseThrow(() -> new AssertionError(variable + " is not set")));
            // https://<service>.<namespace>.svc:<port>: the Service, in its namespace, on its port.
            assertThat(url.getScheme()).isEqualTo("https");
            assertThat(url.getHost()).isEqualTo(service + ".mooring.svc");
            assertThat(services).as("the Service " + url + " names").containsKey(service);
            assertThat(services.get(service).getSpec().getPorts()).anySatisfy(p -> assertThat(p.getPort()).isEqualTo(url.getPort()));
        }
        // Their certificate is checked against the CA of the Secret they serve it from, of which only ca.crt is mounted.
        String caFile = env(agent, "MOORING_AGENT_SERVICES_CA_FILE").orElseThrow();
        VolumeMount caMount = mountHolding(agent, caFile);
        assertThat(caMount.getReadOnly()).isTrue();
        SecretVolumeSource ca = volume(caMount.getName()).getSecret();
        assertThat(ca.getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo("ca.crt");
            assertThat(caMount.getMountPath() + "/" + item.getPath()).isEqualTo(caFile);
        });
        Deployment attach = Manifests.only(Manifests.load(base.resolve("attach-svc.yaml")), Deployment.class);
        assertThat(attach.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getSecret)
                .filteredOn(Objects::nonNull).extracting(SecretVolumeSource::getSecretName)
                .contains(ca.getSecretName());
        // No shared token: the pod's own ServiceAccount token, projected for the audience the services review it for,
        // and those services review agents' tokens wherever they run for real (outside dev and test).
        assertThat(env(agent, "MOORING_AGENT_SERVICES_TOKEN")).isEmpty();
        String tokenFile = env(agent, "MOORING_AGENT_SERVICES_TOKEN_FILE").orElseThrow();
        VolumeMount tokenMount = mountHolding(agent, tokenFile);
        assertThat(tokenMount.getReadOnly()).isTrue();
        var projection = volume(tokenMount.getName()).getProjected().getSources().get(0).getServiceAccountToken();
        assertThat(tokenMount.getMountPath() + "/" + projection.getPath()).isEqualTo(tokenFile);
        assertThat(projection.getAudience()).isEqualTo("mooring");
        assertThat(projection.getExpirationSeconds()).isLessThanOrEqualTo(3600L);
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("mooring-node-agent");
        for (String service : List.of("attach-svc", "health-svc", "topology-svc")) {
            assertThat(Manifests.properties(root, service).getProperty("%prod.mooring.api.node-agents.enabled"))
                    .as(service + " reviews node agents' tokens").isEqualTo("true");
        }
        assertThat(Manifests.read(root.resolve("k8s/samples/api-token-secret.yaml"))).doesNotContain("node-agent-token");

        int port = Manifests.properties(root, "node-agent").getProperty("quarkus.http.port") == null ? 8080
                : Integer.parseInt(Manifests.properties(root, "node-agent").getProperty("quarkus.http.port"));
        assertThat(agent.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getContainerPort()).isEqualTo(port);
            assertThat(agent.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(p.getName());
            assertThat(agent.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(p.getName());
        });
        assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(agent.getResources().getLimits()).containsKey("memory");
    }

    /** The first driver name the node agent answers to: its setting in the DaemonSet, or its application's. */
    private String agentDriverName() {
        return env(agent, "MOORING_PROVISIONER_NAMES")
                .orElseGet(() -> Manifests.properties(root, "node-agent").getProperty("mooring.provisioner.names")).split(",")[0].strip();
    }

    private Container container(String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in the DaemonSet"));
    }

    private Container deploymentContainer(String service) {
        Deployment deployment = Manifests.only(Manifests.load(base.resolve(service + ".yaml")), Deployment.class);
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
}
