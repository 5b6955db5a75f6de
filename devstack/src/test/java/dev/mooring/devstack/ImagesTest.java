package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the images are made of and how a container is run, without podman: names, the module list, the command line. */
class ImagesTest {

    private final Path root = Stack.findRoot();

    @Test
    void theImagesAreTheSimulatorEveryServiceAndTheNodeAgentTaggedAsTheKubernetesManifestsNameThem() throws IOException {
        assertThat(Images.targets()).extracting(Images.Target::name)
                .containsExactly("flasharray-sim", "provisioner-svc", "attach-svc", "health-svc", "topology-svc", "node-agent");
        assertThat(Images.targets()).extracting(Images.Target::kind).containsExactly(BaseImage.Kind.SERVICE,
                BaseImage.Kind.SERVICE, BaseImage.Kind.SERVICE, BaseImage.Kind.SERVICE, BaseImage.Kind.SERVICE, BaseImage.Kind.HOST);
        assertThat(Images.version()).matches("\\d+\\.\\d+\\.\\d+").doesNotContain("SNAPSHOT");
        String kustomization = Files.readString(root.resolve("k8s/base/kustomization.yaml"), StandardCharsets.UTF_8);
        for (Images.Target target : Images.targets().subList(1, 6)) {
            assertThat(target.reference()).isEqualTo("localhost/mooring/" + target.name() + ":" + Images.version());
            assertThat(Files.readString(root.resolve("k8s/base/" + target.name() + ".yaml"), StandardCharsets.UTF_8))
                    .contains("image: mooring/" + target.name());
            assertThat(kustomization).contains("- name: mooring/" + target.name() + "\n    newTag: " + Images.version());
        }
    }

    /** Every service is deployed twice, rolling: each is safe with two instances (issue 13). */
    @Test
    void everyServiceIsDeployedWithTwoReplicasAndRollingUpdates() throws IOException {
        for (Images.Target target : Images.targets().subList(1, 5)) {
            String manifest = Files.readString(root.resolve("k8s/base/" + target.name() + ".yaml"), StandardCharsets.UTF_8);
            assertThat(manifest).as(target.name()).contains("  replicas: 2\n").doesNotContain("Recreate");
        }
    }

    @Test
    void theBaseRuntimeHasTheReviewedModulesAndWhatTheyRequire() {
        BaseImage base = new Images(root).base();
        assertThat(base.modules()).contains("java.base", "java.sql", "jdk.crypto.ec", "jdk.unsupported").doesNotContain("jdk.compiler");
        assertThat(base.modules()).contains("java.net.http");
        assertThat(base.excludedModules()).containsExactly("jdk.compiler", "jdk.jfr");
        // jlink adds what the listed modules require; --check-modules compares jdeps with this closure.
        assertThat(ModuleCheck.closure(base.modules())).contains("java.logging", "java.xml", "java.transaction.xa", "java.management")
                .doesNotContain("jdk.compiler", "jdk.jfr");
    }

    @Test
    void theBaseIsRebuiltOnlyWhenItsInputsChange(@TempDir Path a, @TempDir Path b) throws IOException {
        String modules = Files.readString(root.resolve(BaseImage.MODULES_FILE), StandardCharsets.UTF_8);
        write(a, modules);
        write(b, modules);
        BaseImage first = new BaseImage(a, new Podman(a), a);
        assertThat(first.reference()).isEqualTo(new BaseImage(b, new Podman(b), b).reference())
                .matches(BaseImage.REPOSITORY + ":" + Runtime.version().feature() + "-[0-9a-f]{12}");
        write(b, modules + "jdk.jfr\n");
        assertThat(new BaseImage(b, new Podman(b), b).reference()).isNotEqualTo(first.reference());
    }

    /**
     * The node agent's base is the services' recipe plus the host's storage tools, run as root: a base of its own
     * (its own repository and inputs), rebuilt only when its inputs change, never instead of the services' base.
     */
    @Test
    void theNodeAgentsBaseIsTheSameRecipeWithTheHostToolsAsRootUnderItsOwnName(@TempDir Path dir) throws IOException {
        write(dir, Files.readString(root.resolve(BaseImage.MODULES_FILE), StandardCharsets.UTF_8));
        BaseImage service = new BaseImage(dir, new Podman(dir), dir);
        BaseImage host = new BaseImage(dir, new Podman(dir), dir, BaseImage.Kind.HOST);
        assertThat(service.kind()).isEqualTo(BaseImage.Kind.SERVICE);
        assertThat(host.reference()).matches(BaseImage.REPOSITORY + "-host:" + Runtime.version().feature() + "-[0-9a-f]{12}")
                .isEqualTo(new BaseImage(dir, new Podman(dir), dir, BaseImage.Kind.HOST).reference());
        assertThat(host.inputsHash()).isNotEqualTo(service.inputsHash());
        assertThat(host.modules()).isEqualTo(service.modules());
        assertThat(BaseImage.Kind.HOST.packages()).contains("open-iscsi", "multipath-tools", "e2fsprogs", "xfsprogs", "util-linux", "mount");
        assertThat(BaseImage.Kind.HOST.tools()).contains("iscsiadm", "multipath", "multipathd", "mkfs.ext4", "mkfs.xfs", "blkid",
                "wipefs", "losetup", "blockdev", "mount");
        assertThat(BaseImage.Kind.HOST.user()).isZero();
        assertThat(BaseImage.Kind.SERVICE.user()).isEqualTo(BaseImage.USER);
        assertThat(BaseImage.Kind.SERVICE.packages()).isEmpty();
        // Both kinds' images come from the one Containerfile, which takes the user from the build.
        assertThat(Files.readString(root.resolve(Images.CONTAINERFILE), StandardCharsets.UTF_8)).contains("ARG USER\nUSER ${USER}\n")
                .doesNotContain("USER 185");
    }

    @Test
    void aModuleListWithSomethingElseThanModuleNamesIsRefusedNamingTheLine(@TempDir Path dir) throws IOException {
        write(dir, "java.base\njava.sql, java.naming\n");
        assertThatThrownBy(() -> new BaseImage(dir, new Podman(dir), dir).modules())
                .hasMessageContaining("jlink-modules.txt line 2").hasMessageContaining("java.sql, java.naming");
        write(dir, "java.sql\n");
        assertThatThrownBy(() -> new BaseImage(dir, new Podman(dir), dir).modules()).hasMessageContaining("must name java.base");
    }

    @Test
    void aContainerOfTheStackIsRemovedOnExitSeesTheStackAndItsDevstackAndGetsItsMemoryLimit() {
        Container container = new Container("mooring-topology-svc-42", new Podman(root));
        List<String> command = container.runCommand("localhost/mooring/topology-svc:0.1.0", 512,
                List.of(new Container.Mount("/work/stack", false), new Container.Mount("/work/stack/sim", true)),
                Map.of("JDK_JAVA_OPTIONS", "@/work/stack/containers/topology-svc.args"));
        assertThat(String.join(" ", command)).isEqualTo("podman run --rm --replace --name mooring-topology-svc-42"
                + " --network host --pid host --label " + Container.OWNER_LABEL + "=" + ProcessHandle.current().pid()
                + " --memory 512m --volume /work/stack:/work/stack:ro --volume /work/stack/sim:/work/stack/sim:U"
                + " --env JDK_JAVA_OPTIONS=@/work/stack/containers/topology-svc.args localhost/mooring/topology-svc:0.1.0");
    }

    @Test
    void settingsAreQuotedForTheJavaArgumentFile() {
        assertThat(AppLauncher.quoted("-Dkey=a value")).isEqualTo("\"-Dkey=a value\"");
        assertThat(AppLauncher.quoted("-Dpath=C:\\x \"y\"")).isEqualTo("\"-Dpath=C:\\\\x \\\"y\\\"\"");
    }

    private static void write(Path root, String modules) throws IOException {
        Path file = root.resolve(BaseImage.MODULES_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, modules, StandardCharsets.UTF_8);
    }
}
