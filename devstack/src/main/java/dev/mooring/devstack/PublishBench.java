package dev.mooring.devstack;

import dev.mooring.agent.csi.CsiClient;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code mooring bench-publish [--volumes N] [--fs ext4|xfs]}: the path from a VolumeAttachment to a published
 * path, as a pod on a node waits for it. A stack in the deployed shape (two instances of each service) with the node
 * agent of {@code worker-1} on its simulated host; N claims of the seed's StorageClass, bound first (not timed). Then,
 * one volume after the other as the kubelet mounts a pod's volume: the VolumeAttachment is created, watched until
 * attach-svc marks it attached, staged and published over the agent's CSI socket with its publish context; each
 * part timed, then everything released (not timed). The baseline, in the same run: the same work without Mooring —
 * the volume connected to the node's host on both arrays by direct calls, and a fresh loop device formatted, mounted
 * and bind-mounted by the same commands.
 */
final class PublishBench {

    private static final String NODE = KubernetesDemo.NODE;
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final KubernetesClient kubernetes;
    private final SimulatedArrays arrays;
    private final NodeAgents.RunningAgent agent;
    private final PretendKubelet kubelet;
    private final String fsType;
    private final PrintStream out;

    private PublishBench(Stack stack, KubernetesClient kubernetes, SimulatedArrays arrays, String fsType, PrintStream out) {
        this.kubernetes = kubernetes;
        this.arrays = arrays;
        this.agent = stack.nodeAgent(NODE);
        this.kubelet = new PretendKubelet(agent.dir().resolve("kubelet"));
        this.fsType = fsType;
        this.out = out;
    }

    static int run(Path root, List<String> args) {
        int volumes = 20;
        String fsType = "ext4";
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--volumes" -> volumes = Integer.parseInt(args.get(++i));
                case "--fs" -> fsType = args.get(++i);
                default -> {
                    System.err.println("bench-publish: unknown option " + args.get(i) + " (known: --volumes N, --fs ext4|xfs)");
                    return 2;
                }
            }
        }
        if (!fsType.equals("ext4") && !fsType.equals("xfs")) {
            System.err.println("bench-publish: --fs must be ext4 or xfs, not " + fsType);
            return 2;
        }
        NodeAgents.problem(root).ifPresent(problem -> {
            throw new IllegalStateException("bench-publish needs the node agent, which " + problem);
        });
        Stack stack = Stack.start(Stack.Options.defaults(root).withProductionJit().work(root.resolve("devstack/target/bench-publish"))
                .anyFreePorts().databaseSuffix("_bench_publish").instances(2).nodeAgents(NODE));
        try (KubernetesClient kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(stack.kubeApiUrl()).withAutoConfigure(false)
                // A failure shows as what it is, not as the "already exists" of a retried create.
                .withRequestRetryBackoffLimit(0).build()).build();
             SimulatedArrays arrays = SimulatedArrays.connect(stack, 4)) {
            new MooringApi(stack.service("provisioner-svc").baseUrl(), stack.apiToken()).awaitArraysRegistered(DEADLINE);
            new PublishBench(stack, kubernetes, arrays, fsType, System.out).measure(volumes);
            return 0;
        } finally {
            stack.close();
        }
    }

    private void measure(int count) {
        kubernetes.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
                .addToLabels("topology.kubernetes.io/zone", "zone-a").endMetadata().build()).createOr(n -> n.update());
        kubernetes.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                .withName("bench-publish").endMetadata().withProvisioner(PretendKubelet.DRIVER)
                .withVolumeBindingMode("Immediate").withParameters(Map.of("backend", "pure_block",
                        "pure_fa_pod_name", "pod1", "csi.storage.k8s.io/fstype", fsType)).build()).createOr(c -> c.update());
        List<PersistentVolume> pvs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pvs.add(bound("bench-" + i));
        }
        out.printf("%n%d claims bound; VolumeAttachment to published path, one volume after the other (%s):%n", count, fsType);
        double[] total = new double[count];
        double[] attach = new double[count];
        double[] stage = new double[count];
        double[] publish = new double[count];
        long wall = System.nanoTime();
        try (CsiClient csi = new CsiClient(agent.socket())) {
            for (int i = 0; i < count; i++) {
                PersistentVolume pv = pvs.get(i);
                String pod = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                VolumeAttachment attachment = attach(pv);
                long t1 = System.nanoTime();
                csi.node().nodeStageVolume(kubelet.stage(pv, attachment));
                long t2 = System.nanoTime();
                csi.node().nodePublishVolume(kubelet.publish(pv, attachment, "bench-" + i, pod, false));
                long t3 = System.nanoTime();
                total[i] = millis(t3 - t0);
                attach[i] = millis(t1 - t0);
                stage[i] = millis(t2 - t1);
                publish[i] = millis(t3 - t2);
                csi.node().nodeUnpublishVolume(kubelet.unpublish(pv, pod));
                csi.node().nodeUnstageVolume(kubelet.unstage(pv));
                detach(attachment);
            }
        }
        long wallMillis = (long) millis(System.nanoTime() - wall);
        Baseline baseline = baseline(pvs);
        report(count, wallMillis, total, attach, stage, publish, baseline);
        for (int i = 0; i < count; i++) {
            kubernetes.persistentVolumeClaims().inNamespace("default").withName("bench-" + i).delete();
        }
        for (PersistentVolume pv : pvs) {
            kubernetes.persistentVolumes().withName(pv.getMetadata().getName()).waitUntilCondition(gone -> gone == null,
                    DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private record Baseline(double[] connect, double[] host) {
    }

    /**
     * The same work without Mooring, per volume: the volume connected to the node's host on both arrays by direct
     * calls (then disconnected), and a loop device of the volume's size made, formatted, mounted and bind-mounted
     * (then released) by the commands the agent runs.
     */
    private Baseline baseline(List<PersistentVolume> pvs) {
        double[] connect = new double[pvs.size()];
        double[] host = new double[pvs.size()];
        Path dir = agent.dir().resolve("baseline");
        for (int i = 0; i < pvs.size(); i++) {
            String volume = pvs.get(i).getSpec().getCsi().getVolumeAttributes().get("arrayVolumeName");
            long t0 = System.nanoTime();
            for (String array : arrays.names()) {
                arrays.client(array).connections().connectHost(NODE, volume).await().atMost(Duration.ofSeconds(10));
            }
            connect[i] = millis(System.nanoTime() - t0);
            for (String array : arrays.names()) {
                arrays.client(array).connections().disconnectHost(NODE, volume).await().atMost(Duration.ofSeconds(10));
            }
            Path image = dir.resolve(i + ".img");
            Path staging = dir.resolve(i + "/staging");
            Path target = dir.resolve(i + "/target");
            mkdirs(staging);
            mkdirs(target);
            long t1 = System.nanoTime();
            NodeAgents.run(true, "truncate", "-s", "1G", image.toString());
            String loop = NodeAgents.run(true, "losetup", "--find", "--show", image.toString()).strip();
            NodeAgents.run(true, "mkfs." + fsType, "-q", loop);
            NodeAgents.run(true, "mount", "-t", fsType, loop, staging.toString());
            NodeAgents.run(true, "mount", "--bind", staging.toString(), target.toString());
            host[i] = millis(System.nanoTime() - t1);
            NodeAgents.run(true, "umount", target.toString());
            NodeAgents.run(true, "umount", staging.toString());
            NodeAgents.run(true, "losetup", "--detach", loop);
            try {
                Files.delete(image);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Baseline(connect, host);
    }

    private void report(int count, long wallMillis, double[] total, double[] attach, double[] stage, double[] publish,
                        Baseline baseline) {
        out.printf("%n  %-44s  %9s  %9s  %9s  %9s%n", "", "first", "p50", "p95", "max");
        row("VolumeAttachment -> published path", total);
        row("  VolumeAttachment -> attached (attach-svc)", attach);
        row("  NodeStageVolume (login, map, mkfs, mount)", stage);
        row("  NodePublishVolume (bind mount)", publish);
        row("baseline: direct connect on both arrays", baseline.connect());
        row("baseline: loop device, mkfs, mount, bind", baseline.host());
        out.printf("%n  %d volumes in %.1f s; %s on the simulated host of %s; stack: 2 instances of each service%n%n",
                count, wallMillis / 1000.0, fsType, NODE);
    }

    private void row(String label, double[] values) {
        Bench.Result r = new Bench.Result(label, values.length, 1, 0, values, 0);
        out.printf("  %-44s  %7.0f ms  %6.0f ms  %6.0f ms  %6.0f ms%n", label, values[0], r.percentile(50),
                r.percentile(95), r.max());
    }

    private PersistentVolume bound(String claim) {
        kubernetes.persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claim).withNamespace("default").endMetadata().withNewSpec()
                .withStorageClassName("bench-publish").withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        PersistentVolumeClaim bound = kubernetes.persistentVolumeClaims().inNamespace("default").withName(claim)
                .waitUntilCondition(c -> c != null && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()),
                        DEADLINE.toSeconds(), TimeUnit.SECONDS);
        String pv = bound.getSpec().getVolumeName();
        return kubernetes.persistentVolumes().withName(pv).get();
    }

    /** Created as the attach/detach controller does; watched (not polled) until attach-svc marks it attached. */
    private VolumeAttachment attach(PersistentVolume pv) {
        String name = "csi-" + UUID.randomUUID().toString().replace("-", "");
        kubernetes.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withAttacher(PretendKubelet.DRIVER).withNodeName(NODE)
                .withNewSource().withPersistentVolumeName(pv.getMetadata().getName()).endSource().endSpec().build()).create();
        return kubernetes.storage().v1().volumeAttachments().withName(name).waitUntilCondition(va -> va != null
                && va.getStatus() != null && Boolean.TRUE.equals(va.getStatus().getAttached()), DEADLINE.toSeconds(),
                TimeUnit.SECONDS);
    }

    private void detach(VolumeAttachment attachment) {
        String name = attachment.getMetadata().getName();
        kubernetes.storage().v1().volumeAttachments().withName(name).delete();
        kubernetes.storage().v1().volumeAttachments().withName(name).waitUntilCondition(va -> va == null,
                DEADLINE.toSeconds(), TimeUnit.SECONDS);
        String volume = attachment.getStatus().getAttachmentMetadata().get("wwid");
        if (Files.exists(agent.mapperDir().resolve(volume))) {
            throw new IllegalStateException("the map " + volume + " is still on the node after its unstage");
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
