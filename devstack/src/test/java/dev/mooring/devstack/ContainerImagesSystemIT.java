package dev.mooring.devstack;

import dev.mooring.agent.csi.CsiClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The images, as a user gets them from {@code devstack/mooring images} and runs them with {@code up --containers}:
 * every image is built here with podman (no registry), stays within its size budget and runs as its base's user (185,
 * the node agent root); the stack's four services and the simulator run from them with the stack's settings (Kafka,
 * PostgreSQL, the Kubernetes API) and answer live and ready; a killed service container comes back; nothing is left
 * behind, neither when the stack stops nor when devstack dies by {@code kill -9}; and the node agent's image holds
 * the host tools it runs and answers the kubelet's first CSI calls on the socket in its mounted plugin directory.
 *
 * <p>When podman cannot run here the test fails, naming what is missing.
 */
@SystemTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImagesSystemIT {

    /** The goal for each image, as podman reports its size (all layers, uncompressed). */
    private static final long SIZE_BUDGET_BYTES = 250_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static Path root;
    private static Podman podman;
    private static Images.Result built;
    private static SystemStack system;

    @BeforeAll
    static void buildTheImagesAndStartTheStackFromThem() {
        root = Stack.findRoot();
        podman = new Podman(root);
        assertThat(podman.problem()).as("what keeps podman from building and running images here").isEmpty();
        built = new Images(root).buildAll(false, System.out);
        system = SystemStack.start("containers", true, Map.of(), dev.mooring.events.Topic.ARRAYS.topicName());
    }

    @AfterAll
    static void stopTheStack() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void everyImageIsBuiltWithinItsSizeBudgetToRunAsItsBasesUser() {
        assertThat(built.images()).extracting(b -> b.target().name())
                .containsExactly("flasharray-sim", "provisioner-svc", "attach-svc", "health-svc", "topology-svc", "node-agent");
        for (Images.Built image : built.images()) {
            BaseImage.Kind kind = image.target().kind();
            assertThat(kind).as(image.reference()).isEqualTo(image.target().name().equals("node-agent")
                    ? BaseImage.Kind.HOST : BaseImage.Kind.SERVICE);
            assertThat(image.reference()).isEqualTo("localhost/mooring/" + image.target().name() + ":" + Images.version());
            assertThat(image.size()).as(image.reference() + " size in bytes").isPositive().isLessThanOrEqualTo(SIZE_BUDGET_BYTES);
            assertThat(podman.imageField(image.reference(), "{{.Config.User}}")).as(image.reference() + " user")
                    .isEqualTo(String.valueOf(kind.user()));
            assertThat(podman.imageField(image.reference(), "{{index .Labels \"dev.mooring.base\"}}"))
                    .as(image.reference() + " base").isEqualTo(built.base(kind).reference());
        }
        assertThat(BaseImage.Kind.SERVICE.user()).isEqualTo(185);
        assertThat(BaseImage.Kind.HOST.user()).isZero();
        // The tag k8s/base deploys is the one built.
        assertThat(read(root.resolve("k8s/base/kustomization.yaml"))).contains("newTag: " + Images.version());
    }

    @Test
    @Order(2)
    void theServicesAndTheSimulatorRunFromTheirImagesAsUser185LiveAndReady() {
        List<ChildProcess> apps = new ArrayList<>();
        apps.add(system.stack.processOf("flasharray-sim"));
        system.stack.services().forEach(s -> apps.add(s.process()));
        assertThat(apps).hasSize(1 + SystemStack.SERVICE_INSTANCES);
        for (ChildProcess app : apps) {
            Container container = app.container().orElseThrow(() -> new AssertionError(app.name() + " is not a container"));
            assertThat(podman.run("container", "inspect", "--format", "{{.State.Status}} {{.ImageName}}", container.name()).strip())
                    .as(app.name()).isEqualTo("running " + Images.target(imageOf(app)).reference());
            // The JVM itself, as this machine sees it: user 185 (real, effective, saved, file system).
            assertThat(processUid(app.pid())).as(app.name() + " uid").isEqualTo("185 185 185 185");
        }
        for (Stack.RunningService service : system.stack.services()) {
            assertThat(Http.ready(service.baseUrl() + "/q/health/live")).as(service.spec().name() + " live").isTrue();
            assertThat(Http.ready(service.baseUrl() + "/q/health/ready")).as(service.spec().name() + " ready").isTrue();
        }
        assertThat(Http.ready(system.stack.simulatorHealthUrl() + "/q/health/live")).as("simulator live").isTrue();
        // The services reach the stack from their containers: the arrays registered through the simulator's HTTPS
        // (SystemStack waited for it), with pure.json from the Kubernetes API test server.
        assertThat(system.api("provisioner-svc").arrays().get("arrays")).extracting(a -> a.get("status").asText())
                .containsOnly("Registered");
    }

    @Test
    @Order(3)
    void aServiceContainerKilledWithSigkillIsRemovedAndComesBack() {
        ChildProcess provisioner = system.stack.processOf("provisioner-svc");
        String name = provisioner.container().orElseThrow().name();
        system.stack.kill("provisioner-svc");
        assertThat(provisioner.alive()).isFalse();
        await().atMost(DEADLINE).until(() -> podman.attempt(Duration.ofSeconds(30), List.of("container", "exists", name)).code() != 0);

        system.stack.restart("provisioner-svc");
        assertThat(Http.ready(system.stack.service("provisioner-svc").baseUrl() + "/q/health/ready")).isTrue();
        assertThat(podman.run("container", "inspect", "--format", "{{.State.Status}}", name).strip()).isEqualTo("running");
    }

    @Test
    @Order(4)
    void stoppingTheStackLeavesNoContainerAndNoErrorBehind() {
        String owner = Container.OWNER_LABEL + "=" + ProcessHandle.current().pid();
        assertThat(podman.containersLabelled(owner)).hasSize(1 + SystemStack.SERVICE_INSTANCES);
        system.close();
        assertThat(system.stack.services()).allSatisfy(s -> assertThat(s.process().alive()).as(s.spec().name()).isFalse());
        assertThat(podman.containersLabelled(owner)).isEmpty();
    }

    /**
     * A stand-in for devstack ({@link ContainerOrphanProbe}) starts the simulator's container as the stack does and is
     * killed with SIGKILL: no shutdown hook runs, and the container must still go away by itself.
     */
    @Test
    @Order(5)
    void aContainerDoesNotOutliveDevstackKilledWithSigkill() throws Exception {
        Path work = root.resolve("devstack/target/system-test-orphan");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dmooring.root=" + root,
                ContainerOrphanProbe.class.getName(), work.toString());
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String container;
        int healthPort;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l = out.readLine(); l != null; l = out.readLine()) {
                        if (l.startsWith(ContainerOrphanProbe.STARTED)) {
                            return l;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    return null;
                }
            }).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(line).as("the probe's start line (its log: " + work + "/logs)").isNotNull();
            String[] parts = line.split(" ");
            container = parts[1];
            healthPort = Integer.parseInt(parts[2]);
            await().atMost(DEADLINE).until(() -> Http.ready("http://127.0.0.1:" + healthPort + "/q/health/ready"));
            assertThat(podman.run("container", "inspect", "--format", "{{.State.Status}}", container).strip()).isEqualTo("running");
        } finally {
            probe.destroyForcibly();
            probe.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(probe.exitValue()).as("killed with SIGKILL").isEqualTo(137);
        await().atMost(DEADLINE).until(() -> podman.attempt(Duration.ofSeconds(30), List.of("container", "exists", container)).code() != 0);
        assertThat(Ports.answers("127.0.0.1", healthPort, 500)).as("nothing listens on the simulator's port").isFalse();
        assertThat(read(work.resolve("logs/flasharray-sim.log"))).contains("devstack parent-watch: devstack (pid " + probe.pid() + ") is gone");
    }

    /**
     * What the node agent's DaemonSet container runs: each host tool answers from the image (the versions are the
     * clients that must match the node's iscsid and multipathd).
     */
    @Test
    @Order(6)
    void theNodeAgentImageHoldsTheHostToolsItRuns() {
        String image = Images.target("node-agent").reference();
        String versions = podman.run(Duration.ofMinutes(2), List.of("run", "--rm", "--network", "none", "--entrypoint", "sh",
                image, "-c", "id -u; for c in 'iscsiadm --version' 'multipath -h' 'multipathd -h' 'mkfs.xfs -V' 'mkfs.ext4 -V'"
                        + " 'blkid -V' 'wipefs -V' 'losetup -V' 'blockdev -V' 'mount -V' 'resize2fs' 'xfs_growfs -V'; do"
                        + " echo \"== $c\"; $c 2>&1; done"));
        System.out.println("node-agent image, host tools:\n" + versions);
        assertThat(versions.lines().findFirst()).as("uid").contains("0");
        assertThat(versions).contains("iscsiadm version 2.", "multipath-tools v0.", "mkfs.xfs version 6.", "mke2fs 1.4",
                        "resize2fs 1.4", "xfs_growfs version 6.", "blkid from util-linux 2.", "wipefs from util-linux 2.",
                        "losetup from util-linux 2.", "blockdev from util-linux 2.", "mount from util-linux 2.")
                .doesNotContain("not found");
        // multipathd knows no -h; it runs, and says so (a missing binary or library would read differently).
        assertThat(versions.substring(versions.indexOf("== multipathd -h"))).contains("Invalid argument '-h'");
    }

    /**
     * The node agent from its image, as its DaemonSet runs it: the plugin directory mounted at /csi, a state
     * directory, the node's name, no services' URLs (so it is ready at once, as before the services are reachable).
     * From this JVM, as the kubelet and the node-driver-registrar do, Identity answers over the socket in the mounted
     * directory: the driver name the CSIDriver object and the registrar name, and ready.
     */
    @Test
    @Order(7)
    void theNodeAgentRunsFromItsImageAsRootAndAnswersCsiIdentityOnTheMountedSocket() throws IOException {
        Path work = root.resolve("devstack/target/system-test-node-agent");
        deleteTree(work);
        Path plugin = Files.createDirectories(work.resolve("plugin"));
        Path state = Files.createDirectories(work.resolve("state"));
        int port = new Ports(false).choose(0);
        String name = "mooring-node-agent-test-" + ProcessHandle.current().pid();
        // Not --rm: its output is read after it stopped, then it is removed.
        podman.run(Duration.ofMinutes(2), List.of("run", "--detach", "--replace", "--name", name,
                // Host network: the agent's HTTP port (health) on this machine, as the DaemonSet's hostNetwork has it.
                "--network", "host", "--label", Container.OWNER_LABEL + "=" + ProcessHandle.current().pid(),
                "--volume", plugin + ":/csi", "--volume", state + ":/var/lib/mooring-agent",
                "--env", "MOORING_AGENT_NODE_NAME=image-test-node", "--env", "QUARKUS_HTTP_PORT=" + port,
                Images.target("node-agent").reference()));
        try {
            long start = System.nanoTime();
            Path socket = plugin.resolve("csi.sock");
            await().atMost(DEADLINE).until(() -> Files.exists(socket) || !running(name));
            assertThat(running(name)).as(name + " running; its output:\n" + logs(name)).isTrue();
            try (CsiClient csi = new CsiClient(socket)) {
                var info = csi.identity().getPluginInfo(dev.mooring.agent.csi.v1.GetPluginInfoRequest.getDefaultInstance());
                assertThat(info.getName()).isEqualTo("pxd.portworx.com");
                assertThat(info.getVendorVersion()).isNotBlank();
                var probe = csi.identity().probe(dev.mooring.agent.csi.v1.ProbeRequest.getDefaultInstance());
                assertThat(probe.hasReady() && probe.getReady().getValue()).as("Probe ready").isTrue();
                // The node id the kubelet records is the name the DaemonSet passes (no Kubernetes API here: no labels).
                long asked = System.nanoTime();
                var node = csi.node().nodeGetInfo(dev.mooring.agent.csi.v1.NodeGetInfoRequest.getDefaultInstance());
                assertThat(node.getNodeId()).isEqualTo("image-test-node");
                System.out.printf("node-agent container: NodeGetInfo without a Kubernetes API answered in %.1f s%n",
                        (System.nanoTime() - asked) / 1e9);
            }
            await().atMost(DEADLINE).until(() -> Http.ready("http://127.0.0.1:" + port + "/q/health/ready"));
            System.out.printf("node-agent container: socket and ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
            long pid = podman.containerPid(name).orElseThrow();
            assertThat(processUid(pid)).as("the agent's uid").isEqualTo("0 0 0 0");
            assertThat(Files.isDirectory(state.resolve("volumes"))).as("state dir used").isTrue();
        } finally {
            podman.attempt(Duration.ofMinutes(1), List.of("stop", "--time", "10", name));
        }
        String output = logs(name);
        podman.run(Duration.ofMinutes(1), List.of("rm", "--force", name));
        assertThat(output).as("the agent's output").contains("CSI endpoint listening on unix:///csi/csi.sock")
                .doesNotContain(" ERROR ");
    }

    private static boolean running(String container) {
        return podman.attempt(Duration.ofSeconds(30), List.of("container", "inspect", "--format", "{{.State.Running}}",
                container)).output().strip().equals("true");
    }

    private static String logs(String container) {
        return podman.attempt(Duration.ofSeconds(30), List.of("logs", container)).output();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The image an instance runs: its service's ({@code provisioner-svc-2} runs {@code provisioner-svc}). */
    private static String imageOf(ChildProcess app) {
        return app.name().replaceFirst("-\\d+$", "");
    }

    private static String processUid(long pid) {
        assertThat(pid).as("pid").isPositive();
        return read(Path.of("/proc", String.valueOf(pid), "status")).lines()
                .filter(l -> l.startsWith("Uid:")).map(l -> l.substring(4).strip().replaceAll("\\s+", " "))
                .findFirst().orElseThrow();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
