package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.flasharray.client.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seeds' sequence, typed as a user types it with the real kubectl against a whole stack (every part its own
 * process): the arrays registered from {@code kubectl create secret generic px-pure-secret … --from-file=pure.json=…}
 * (the stack starts without that Secret), the seed's stretched-pod StorageClass and a claim from
 * {@code k8s/samples/} bound and shown by {@code kubectl get}/{@code describe}, the same with a {@code pure_block}
 * class without a pod and with a bad parameter, {@code kubectl delete pvc} destroying the array volumes, and a
 * changed Secret picked up. One stack for the whole story, in order; the
 * story is told twice, to the stack as processes and to the stack from its images ({@code up --containers}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class KubectlSeedFlow {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofSeconds(1);

    private Stack stack;
    private MooringApi provisioner;
    private SimulatedArrays arrays;
    private Kubectl kubectl;
    private Path manifests;
    private Kubectl.Run secretCreated;

    /** The services and the simulator from their images instead of as processes. */
    abstract boolean inContainers();

    @BeforeAll
    void startTheStackWithoutTheSecretAndRegisterTheArraysTheUsersWay() throws IOException {
        Path root = Stack.findRoot();
        assertThat(root.resolve("provisioner-svc/target/quarkus-app/quarkus-run.jar"))
                .as("the services must be packaged before this test (mvn install, or a reactor verify)").exists();
        String name = inContainers() ? "kubectl_containers" : "kubectl";
        Path work = root.resolve("devstack/target/system-test-" + name);
        Stack.Options options = Stack.Options.defaults(root).work(work).anyFreePorts().databaseSuffix("_systest_" + name)
                .withoutPureSecret().instances(SystemStack.INSTANCES);
        if (inContainers()) {
            new Images(root).buildAll(false, System.out);
            options = options.inContainers();
        }
        stack = Stack.start(options);
        try {
            stack.printTable(System.out);
            manifests = Files.createDirectories(work.resolve("manifests"));
            kubectl = new Kubectl(stack.kubeconfig(), work.resolve("kubectl-cache"));
            provisioner = new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken());
            arrays = SimulatedArrays.connect(stack, 4);
            assertThat(provisioner.arrays().path("arrays")).as("no Secret yet, so no array").isEmpty();
            // 001_…: "kubectl create secret generic px-pure-secret --namespace kube-system --from-file=pure.json=<file path>"
            secretCreated = kubectl.run("create", "secret", "generic", "px-pure-secret", "--namespace", "kube-system",
                    "--from-file=pure.json=" + stack.pureJson()).ok();
            provisioner.awaitArraysRegistered(DEADLINE);
            stack.awaitServicesReady();
        } catch (RuntimeException | AssertionError e) {
            stopTheStack();
            throw e;
        }
    }

    @AfterAll
    void stopTheStack() {
        try {
            if (arrays != null) {
                arrays.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    @Order(1)
    void theArraysOfTheSecretKubectlCreatedAreRegistered() {
        assertThat(secretCreated.out()).contains("secret/px-pure-secret created");
        assertThat(registered()).containsExactlyInAnyOrder(endpoint("array-a"), endpoint("array-b"));
        assertThat(kubectl.run("get", "secrets", "-n", "kube-system").ok().out())
                .containsPattern("px-pure-secret\\s+Opaque\\s+1\\s+");
    }

    @Test
    @Order(2)
    void theSeedsStretchedClassGivesABoundClaimWhoseVolumeIsOnBothArraysAndGoesWithIt() {
        Path storageClass = manifest("fada-activecluster-sc.yaml",
                sample("fada-activecluster-sc.yaml").replace("<your-stretched-pod-name>", "pod1"));
        assertThat(kubectl.run("apply", "-f", storageClass.toString()).ok().out())
                .contains("storageclass.storage.k8s.io/fada-activecluster-sc created");
        assertThat(kubectl.run("apply", "-f", manifest("pvc.yaml", sample("pvc.yaml")).toString()).ok().out())
                .contains("persistentvolumeclaim/vm-disk created");
        String pv = "pvc-" + kubectl.run("get", "pvc", "vm-disk", "-o", "jsonpath={.metadata.uid}").ok().out();

        awaitOutput(List.of("get", "pvc", "vm-disk"), Pattern.compile(
                "vm-disk\\s+Bound\\s+" + pv + "\\s+20Gi\\s+RWX\\s+fada-activecluster-sc\\s+<unset>\\s+\\S+"));
        assertThat(kubectl.run("get", "pv").ok().out()).containsPattern(
                pv + "\\s+20Gi\\s+RWX\\s+Delete\\s+Bound\\s+default/vm-disk\\s+fada-activecluster-sc\\s+");
        String described = awaitOutput(List.of("describe", "pvc", "vm-disk"), Pattern.compile(
                "Normal\\s+ProvisioningSucceeded\\s+\\S+\\s+pxd.portworx.com\\s+Successfully provisioned volume " + pv));
        assertThat(described).containsPattern("Status:\\s+Bound").containsPattern("Volume:\\s+" + pv)
                .containsPattern("StorageClass:\\s+fada-activecluster-sc").containsPattern("VolumeMode:\\s+Block");

        Volume onA = onlyLiveVolume("array-a", "pod1::");
        Volume onB = onlyLiveVolume("array-b", "pod1::");
        assertThat(onA.name()).isEqualTo(onB.name());
        assertThat(onA.serial()).as("one volume, replicated by ActiveCluster").isEqualTo(onB.serial());
        assertThat(onA.provisioned()).isEqualTo(20L << 30);

        assertThat(kubectl.run("delete", "pvc", "vm-disk").ok().out()).contains("persistentvolumeclaim \"vm-disk\" deleted");
        awaitDestroyed("array-a", onA.name());
        awaitDestroyed("array-b", onA.name());
        await().atMost(DEADLINE).pollInterval(POLL).until(() -> !kubectl.run("get", "pv").ok().out().contains(pv));
    }

    @Test
    @Order(3)
    void aPureBlockClassWithoutAPodGivesAVolumeOnOneArray() {
        String direct = sample("fada-activecluster-sc.yaml").replace("name: fada-activecluster-sc", "name: fada-direct")
                .replaceAll("(?m)^\\s*pure_fa_pod_name:.*\\n", "");
        assertThat(kubectl.run("apply", "-f", manifest("fada-direct.yaml", direct).toString()).ok().out())
                .contains("storageclass.storage.k8s.io/fada-direct created");
        String claim = sample("pvc.yaml").replace("name: vm-disk", "name: db-data")
                .replace("storageClassName: fada-activecluster-sc", "storageClassName: fada-direct")
                .replace("[ReadWriteMany]", "[ReadWriteOnce]").replace("volumeMode: Block", "volumeMode: Filesystem")
                .replace("storage: 20Gi", "storage: 10Gi");
        assertThat(kubectl.run("apply", "-f", manifest("db-data.yaml", claim).toString()).ok().out())
                .contains("persistentvolumeclaim/db-data created");
        String pv = "pvc-" + kubectl.run("get", "pvc", "db-data", "-o", "jsonpath={.metadata.uid}").ok().out();

        awaitOutput(List.of("get", "pvc", "db-data"), Pattern.compile("db-data\\s+Bound\\s+" + pv + "\\s+10Gi\\s+RWO\\s+fada-direct"));
        awaitOutput(List.of("describe", "pvc", "db-data"), Pattern.compile("Normal\\s+ProvisioningSucceeded\\s+\\S+\\s+pxd.portworx.com"));
        List<Volume> placed = new ArrayList<>();
        for (String array : List.of("array-a", "array-b")) {
            arrays.volumesStartingWith(array, "mooring-").stream().filter(v -> !v.isDestroyed())
                    .filter(v -> v.provisioned() == 10L << 30).forEach(placed::add);
        }
        assertThat(placed).as("one array volume of 10 GiB, on one array").hasSize(1);

        assertThat(kubectl.run("delete", "pvc", "db-data").ok().out()).contains("persistentvolumeclaim \"db-data\" deleted");
        String array = arrays.find("array-a", placed.get(0).name()).isPresent() ? "array-a" : "array-b";
        awaitDestroyed(array, placed.get(0).name());
    }

    @Test
    @Order(4)
    void aBadParameterIsAWarningOnTheClaimNamingTheParameter() {
        String bad = sample("fada-activecluster-sc.yaml").replace("name: fada-activecluster-sc", "name: fada-bad-iops")
                .replaceAll("(?m)^(\\s*)pure_fa_pod_name:.*$", "$1max_iops: \"fast\"");
        kubectl.run("apply", "-f", manifest("fada-bad-iops.yaml", bad).toString()).ok();
        String claim = sample("pvc.yaml").replace("name: vm-disk", "name: refused")
                .replace("storageClassName: fada-activecluster-sc", "storageClassName: fada-bad-iops");
        kubectl.run("apply", "-f", manifest("refused.yaml", claim).toString()).ok();

        String described = awaitOutput(List.of("describe", "pvc", "refused"), Pattern.compile(
                "Warning\\s+ProvisioningFailed\\s+\\S+\\s+pxd.portworx.com\\s+failed to provision volume with StorageClass "
                        + "\"fada-bad-iops\": InvalidParameter: StorageClass fada-bad-iops: parameter max_iops: must be a whole "
                        + "number between 100 and 100000000, got 'fast'"));
        assertThat(described).containsPattern("Status:\\s+Pending")
                .as("only this claim's events, not those of the claims before").doesNotContain("ProvisioningSucceeded");
        assertThat(kubectl.run("get", "pvc", "refused", "--no-headers").ok().out()).containsPattern("refused\\s+Pending\\s+");
        assertThat(kubectl.run("get", "events", "--field-selector", "involvedObject.name=refused").ok().out())
                .containsPattern("Warning\\s+ProvisioningFailed\\s+persistentvolumeclaim/refused\\s+failed to provision volume");
        assertThat(kubectl.run("get", "events").ok().out()).contains("persistentvolumeclaim/vm-disk",
                "persistentvolumeclaim/db-data", "persistentvolumeclaim/refused");
    }

    @Test
    @Order(5)
    void aChangedSecretIsPickedUpWhetherAppliedOrDeletedAndCreatedAgain() {
        // The seed's way to change a Secret: render it with create --dry-run and apply that.
        Path onlyA = manifest("pure-a.json", pureJsonWith("array-a"));
        String rendered = kubectl.run("create", "secret", "generic", "px-pure-secret", "--namespace", "kube-system",
                "--from-file=pure.json=" + onlyA, "--dry-run=client", "-o", "yaml").ok().out();
        assertThat(kubectl.piped(rendered, "apply", "-f", "-").ok().out()).contains("secret/px-pure-secret configured");
        await().atMost(DEADLINE).pollInterval(POLL).until(() -> registered().equals(List.of(endpoint("array-a")))
                && provisioner.arrays().path("arrays").size() == 1);

        assertThat(kubectl.run("delete", "secret", "px-pure-secret", "-n", "kube-system").ok().out())
                .contains("secret \"px-pure-secret\" deleted");
        assertThat(kubectl.run("create", "secret", "generic", "px-pure-secret", "--namespace", "kube-system",
                "--from-file=pure.json=" + stack.pureJson()).ok().out()).contains("secret/px-pure-secret created");
        await().atMost(DEADLINE).pollInterval(POLL).until(() -> registered().size() == 2);
        assertThat(stack.exitedUnexpectedly()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Runs kubectl until its output matches (the services act on their own time); returns the matching output. */
    private String awaitOutput(List<String> args, Pattern expected) {
        String[] last = {""};
        await().atMost(DEADLINE).pollInterval(POLL).untilAsserted(() -> {
            last[0] = kubectl.run(args.toArray(String[]::new)).ok().out();
            assertThat(last[0]).containsPattern(expected);
        });
        return last[0];
    }

    private List<String> registered() {
        List<String> endpoints = new ArrayList<>();
        for (JsonNode a : provisioner.arrays().path("arrays")) {
            if ("Registered".equals(a.path("status").asText())) {
                endpoints.add(a.path("endpoint").asText());
            }
        }
        return endpoints;
    }

    private String endpoint(String array) {
        return stack.simulatedArrays().stream().filter(a -> a.name().equals(array)).findFirst().orElseThrow().endpoint();
    }

    /** pure.json naming only the given arrays of the stack, with their tokens. */
    private String pureJsonWith(String... names) {
        List<String> entries = new ArrayList<>();
        for (String name : names) {
            Stack.SimulatedArray a = stack.simulatedArrays().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
            entries.add("{\"MgmtEndPoint\":\"" + a.endpoint() + "\",\"APIToken\":\"" + a.apiToken() + "\"}");
        }
        return "{\"FlashArrays\":[" + String.join(",", entries) + "]}\n";
    }

    private Volume onlyLiveVolume(String array, String prefix) {
        List<Volume> live = arrays.volumesStartingWith(array, prefix).stream().filter(v -> !v.isDestroyed()).toList();
        assertThat(live).as("live volumes %s* on %s", prefix, array).hasSize(1);
        return live.get(0);
    }

    private void awaitDestroyed(String array, String volume) {
        await().atMost(DEADLINE).pollInterval(POLL).until(() -> arrays.find(array, volume).map(Volume::isDestroyed).orElse(true));
    }

    /** A sample a user applies, from {@code k8s/samples/}. */
    private String sample(String name) {
        try {
            return Files.readString(Stack.findRoot().resolve("k8s/samples").resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path manifest(String name, String content) {
        try {
            return Files.writeString(manifests.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
