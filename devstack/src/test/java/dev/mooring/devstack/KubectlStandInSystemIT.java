package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mooring.devstack.kubeapi.KubeApiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against devstack's Kubernetes API stand-in alone (no services): each kubectl command a user
 * of the seeds runs — and its refusals — answered as a real API server answers it. The seed flow with the whole
 * stack is {@link KubectlSeedFlowSystemIT}.
 */
@SystemTest
class KubectlStandInSystemIT {

    @TempDir
    static Path dir;
    private static KubeApiServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void startTheStandIn() {
        int port = new Ports(false).choose(0);
        server = KubeApiServer.start("127.0.0.1", port);
        kubectl = new Kubectl(Kubectl.kubeconfigFor("http://127.0.0.1:" + port, dir.resolve("kubeconfig")), dir.resolve("cache"));
    }

    @AfterAll
    static void stopTheStandIn() {
        if (server != null) {
            server.close();
        }
    }

    private static Path file(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void kubectlDiscoversTheServedKindsWithTheirShortNames() {
        assertThat(kubectl.run("version", "-o", "json").ok().out())
                .containsPattern("\"serverVersion\":\\s*\\{[^}]*\"gitVersion\":\\s*\"" + KubeApiServer.KUBERNETES_VERSION + "\"");
        String resources = kubectl.run("api-resources").ok().out();
        assertThat(resources).containsPattern("persistentvolumeclaims\\s+pvc\\s+v1\\s+true\\s+PersistentVolumeClaim")
                .containsPattern("persistentvolumes\\s+pv\\s+v1\\s+false\\s+PersistentVolume")
                .containsPattern("storageclasses\\s+sc\\s+storage.k8s.io/v1\\s+false\\s+StorageClass")
                .containsPattern("leases\\s+coordination.k8s.io/v1\\s+true\\s+Lease")
                .containsPattern("events\\s+ev\\s+events.k8s.io/v1\\s+true\\s+Event");
        assertThat(kubectl.run("get", "namespaces", "--no-headers").ok().out())
                .contains("default", "kube-system", "kube-node-lease", "kube-public");
        assertThat(kubectl.run("explain", "pvc.spec.accessModes").ok().out()).contains("accessModes", "[]string");
    }

    @Test
    void applyCreatesLeavesUnchangedAndConfiguresAStorageClassThroughThreeWayMerge() {
        String sc = """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: apply-sc
                provisioner: pxd.portworx.com
                allowVolumeExpansion: true
                parameters:
                  backend: "pure_block"
                  max_iops: "1000"
                """;
        Path manifest = file("apply-sc.yaml", sc);
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out())
                .contains("storageclass.storage.k8s.io/apply-sc created");
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out())
                .contains("storageclass.storage.k8s.io/apply-sc unchanged");
        // The parameter removed from the file goes (the patch nulls it), the one changed changes.
        file("apply-sc.yaml", sc.replace("allowVolumeExpansion: true", "allowVolumeExpansion: false")
                .replace("  max_iops: \"1000\"\n", ""));
        assertThat(kubectl.run("apply", "-f", manifest.toString()).ok().out())
                .contains("storageclass.storage.k8s.io/apply-sc configured");
        assertThat(kubectl.run("get", "sc", "apply-sc", "-o", "jsonpath={.allowVolumeExpansion} {.parameters}").ok().out())
                .isEqualTo("false {\"backend\":\"pure_block\"}");
        String table = kubectl.run("get", "sc", "apply-sc").ok().out();
        assertThat(table).containsPattern("NAME\\s+PROVISIONER\\s+RECLAIMPOLICY\\s+VOLUMEBINDINGMODE\\s+ALLOWVOLUMEEXPANSION\\s+AGE")
                .containsPattern("apply-sc\\s+pxd.portworx.com\\s+Delete\\s+Immediate\\s+false\\s+\\d+s");
    }

    @Test
    void getPrintsAPendingClaimInTheColumnsOfARealServer() {
        kubectl.run("apply", "-f", file("claim.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: shown
                spec:
                  storageClassName: some-class
                  accessModes: [ReadWriteMany]
                  volumeMode: Block
                  resources:
                    requests:
                      storage: 20Gi
                """).toString()).ok();
        String wide = kubectl.run("get", "pvc", "shown", "-o", "wide").ok().out();
        assertThat(wide).containsPattern("NAME\\s+STATUS\\s+VOLUME\\s+CAPACITY\\s+ACCESS MODES\\s+STORAGECLASS\\s+"
                + "VOLUMEATTRIBUTESCLASS\\s+AGE\\s+VOLUMEMODE").containsPattern("shown\\s+Pending\\s+some-class\\s+<unset>\\s+\\d+s\\s+Block");
        assertThat(kubectl.run("get", "pvc", "--all-namespaces").ok().out()).containsPattern("default\\s+shown\\s+Pending");
    }

    @Test
    void getWatchPrintsEachChangeOnceInTheKindsColumns() {
        kubectl.run("apply", "-f", file("watched.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: watched
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """).toString()).ok();
        String events;
        // -v=6 logs the watch request once the server answered it: a change made after that is the watch's to report.
        try (Kubectl.Running watch = kubectl.start("get", "pvc", "watched", "--watch", "--output-watch-events", "-v=6")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> watch.printed().lines()
                    .anyMatch(l -> l.contains("watch=true") && l.contains("200 OK")));
            kubectl.run("label", "pvc", "watched", "tier=db").ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> watch.printed().contains("MODIFIED"));
            events = watch.printed();
        }
        assertThat(events).containsPattern("EVENT\\s+NAME\\s+STATUS\\s+VOLUME\\s+CAPACITY")
                .containsPattern("ADDED\\s+watched\\s+Pending").containsPattern("MODIFIED\\s+watched\\s+Pending");
        assertThat(events.lines().filter(l -> l.startsWith("ADDED"))).as("announced once: the watch starts from the list's version")
                .hasSize(1);
    }

    @Test
    void createSecretFromAFileThenReplaceItThroughApply() {
        Path pureJson = file("pure.json", "{\"FlashArrays\":[{\"MgmtEndPoint\":\"10.0.0.10\",\"APIToken\":\"t1\"}]}\n");
        String[] create = {"create", "secret", "generic", "px-pure-secret", "--namespace", "kube-system",
            "--from-file=pure.json=" + pureJson};
        assertThat(kubectl.run(create).ok().out()).contains("secret/px-pure-secret created");
        assertThat(kubectl.run(create).failed().err())
                .contains("secrets \"px-pure-secret\" already exists");
        assertThat(decoded(kubectl.run("get", "secret", "px-pure-secret", "-n", "kube-system", "-o",
                "jsonpath={.data.pure\\.json}").ok().out())).contains("10.0.0.10");

        file("pure.json", "{\"FlashArrays\":[{\"MgmtEndPoint\":\"10.0.0.11\",\"APIToken\":\"t2\"}]}\n");
        String yaml = kubectl.run("create", "secret", "generic", "px-pure-secret", "--namespace", "kube-system",
                "--from-file=pure.json=" + pureJson, "--dry-run=client", "-o", "yaml").ok().out();
        assertThat(kubectl.piped(yaml, "apply", "-f", "-").ok().out()).contains("secret/px-pure-secret configured");
        assertThat(decoded(kubectl.run("get", "secret", "px-pure-secret", "-n", "kube-system", "-o",
                "jsonpath={.data.pure\\.json}").ok().out())).contains("10.0.0.11").doesNotContain("10.0.0.10");
        assertThat(kubectl.run("get", "secrets", "-n", "kube-system").ok().out())
                .containsPattern("px-pure-secret\\s+Opaque\\s+1\\s+\\d+s");
    }

    @Test
    void describeShowsAClaimsOwnEventsAndGetEventsShowsAll() {
        for (String claim : new String[] {"alpha", "beta"}) {
            kubectl.run("apply", "-f", file(claim + ".yaml", """
                    apiVersion: v1
                    kind: PersistentVolumeClaim
                    metadata:
                      name: %s
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                    """.formatted(claim)).toString()).ok();
            String uid = kubectl.run("get", "pvc", claim, "-o", "jsonpath={.metadata.uid}").ok().out();
            kubectl.run("create", "-f", file(claim + "-event.yaml", """
                    apiVersion: v1
                    kind: Event
                    metadata:
                      name: %1$s.event
                    involvedObject: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: default, name: %1$s, uid: %2$s}
                    type: Warning
                    reason: Reason%1$s
                    message: something about %1$s
                    source: {component: pxd.portworx.com}
                    firstTimestamp: "2026-01-01T00:00:00Z"
                    lastTimestamp: "2026-01-01T00:00:00Z"
                    count: 1
                    """.formatted(claim, uid)).toString()).ok();
        }
        String described = kubectl.run("describe", "pvc", "alpha").ok().out();
        assertThat(described).contains("Name:", "alpha").containsPattern("Warning\\s+Reasonalpha\\s+\\S+\\s+pxd.portworx.com\\s+"
                + "something about alpha").doesNotContain("Reasonbeta");
        assertThat(kubectl.run("get", "events").ok().out()).containsPattern("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE")
                .contains("persistentvolumeclaim/alpha", "persistentvolumeclaim/beta");
        assertThat(kubectl.run("get", "events", "--field-selector", "involvedObject.name=beta").ok().out())
                .contains("Reasonbeta").doesNotContain("Reasonalpha");
        assertThat(kubectl.run("get", "events.events.k8s.io", "beta.event", "-o", "jsonpath={.regarding.name}: {.note}").ok()
                .out()).isEqualTo("beta: something about beta");
    }

    @Test
    void deleteWaitsUntilTheLastFinalizerIsRemoved() {
        kubectl.run("apply", "-f", file("held.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: held
                  finalizers: [example.com/hold]
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """).toString()).ok();
        CompletableFuture<Kubectl.Run> deletion = new CompletableFuture<>();
        new Thread(() -> deletion.complete(kubectl.run("delete", "pvc", "held")), "kubectl-delete").start();
        await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("get", "pvc", "held", "--no-headers").out()
                .contains("Terminating"));
        assertThat(deletion).isNotDone();
        kubectl.run("patch", "pvc", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}").ok();
        Kubectl.Run deleted = deletion.join().ok();
        assertThat(deleted.out()).contains("persistentvolumeclaim \"held\" deleted");
        assertThat(kubectl.run("get", "pvc", "held").failed().err())
                .contains("Error from server (NotFound): persistentvolumeclaims \"held\" not found");
    }

    @Test
    void badManifestsAreRefusedAsARealServerRefusesThem() {
        Path typo = file("typo.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: typo
                spec:
                  storageClass: fast
                  accessModes: [ReadWriteOnce]
                """);
        // kubectl 1.27+ leaves validation to the server (OpenAPI v3 says it validates); older ones check OpenAPI v2.
        boolean serverValidates = kubectl.clientMinor() >= 27;
        assertThat(kubectl.run("apply", "-f", typo.toString()).failed().err()).contains(serverValidates
                ? "Error from server (BadRequest): error when creating \"" + typo + "\": PersistentVolumeClaim in version \"v1\" "
                        + "cannot be handled as a PersistentVolumeClaim: strict decoding error: unknown field \"spec.storageClass\""
                : "unknown field \"storageClass\" in io.k8s.api.core.v1.PersistentVolumeClaimSpec");
        if (serverValidates) {
            assertThat(kubectl.run("apply", "-f", typo.toString(), "--dry-run=server", "--validate=warn").ok().err())
                    .contains("Warning: unknown field \"spec.storageClass\"");
        }
        // Not validated, the object is stored without the field, as a real server drops what its types do not have.
        kubectl.run("apply", "-f", typo.toString(), "--validate=false").ok();
        assertThat(kubectl.run("get", "pvc", "typo", "-o", "jsonpath={.spec}").ok().out()).contains("ReadWriteOnce")
                .doesNotContain("storageClass");
        Path wrongType = file("wrong-type.yaml", """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: wrong-type
                provisioner: pxd.portworx.com
                allowVolumeExpansion: "yes"
                """);
        assertThat(kubectl.run("apply", "-f", wrongType.toString()).failed().err()).contains(serverValidates
                ? "cannot unmarshal string into Go struct field StorageClass.allowVolumeExpansion of type bool"
                : "invalid type for io.k8s.api.storage.v1.StorageClass.allowVolumeExpansion: got \"string\", expected \"boolean\"");
        Path badName = file("bad-name.yaml", """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: Fast_Class
                provisioner: pxd.portworx.com
                """);
        assertThat(kubectl.run("apply", "-f", badName.toString()).failed().err())
                .contains("The StorageClass \"Fast_Class\" is invalid: metadata.name: Invalid value: \"Fast_Class\"");
        assertThat(kubectl.run("create", "configmap", "c", "--from-literal=a=b", "-n", "missing").failed().err())
                .contains("namespaces \"missing\" not found");
        Path valid = file("ssa.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ssa
                data: {a: b}
                """);
        assertThat(kubectl.run("apply", "--server-side", "-f", valid.toString()).failed().err())
                .contains("server-side apply is not supported");
        assertThat(kubectl.run("get", "daemonsets").failed().err())
                .contains("the server doesn't have a resource type \"daemonsets\"");
    }

    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    }
}
