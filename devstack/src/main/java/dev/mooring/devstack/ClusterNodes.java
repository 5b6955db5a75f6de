package dev.mooring.devstack;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Nodes of a pretend cluster on the Kubernetes API test server, each with a kubelet that renews its Lease in
 * {@code kube-node-lease} every {@code renewEvery} — until the test "kills" the node (stops renewing) or
 * brings it back. What health-svc follows is exactly what a real kubelet writes.
 */
public final class ClusterNodes implements AutoCloseable {

    public static final String LEASE_NAMESPACE = "kube-node-lease";

    private final KubernetesClient kubernetes;
    private final Set<String> alive = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService kubelets = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pretend-kubelets");
        t.setDaemon(true);
        return t;
    });

    public ClusterNodes(KubernetesClient kubernetes, Duration renewEvery) {
        this.kubernetes = kubernetes;
        kubelets.scheduleAtFixedRate(this::renewAll, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A node in a zone (and region), with its iSCSI initiator declared, and its kubelet running. */
    public void add(String name, String region, String zone) {
        kubernetes.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels(Map.of("topology.kubernetes.io/region", region, "topology.kubernetes.io/zone", zone))
                .addToAnnotations("mooring.dev/iscsi-iqn", iqnOf(name)).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        kubernetes.leases().inNamespace(LEASE_NAMESPACE).resource(new LeaseBuilder().withNewMetadata().withName(name)
                .withNamespace(LEASE_NAMESPACE).endMetadata().withNewSpec().withHolderIdentity(name)
                .withLeaseDurationSeconds(40).withRenewTime(now()).endSpec().build()).create();
        alive.add(name);
    }

    /** The node's kubelet stops renewing its Lease (the node died). */
    public void stop(String name) {
        alive.remove(name);
    }

    /** The node's kubelet renews again, at once. */
    public void resume(String name) {
        alive.add(name);
        renew(name);
    }

    public static String iqnOf(String node) {
        return "iqn.2026-11.dev.mooring:" + node;
    }

    private void renewAll() {
        for (String name : alive) {
            try {
                renew(name);
            } catch (RuntimeException e) {
                // One failed renewal is what a real kubelet survives too; the next tick tries again.
            }
        }
    }

    private void renew(String name) {
        kubernetes.leases().inNamespace(LEASE_NAMESPACE).withName(name)
                .edit(l -> new LeaseBuilder(l).editSpec().withRenewTime(now()).endSpec().build());
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC);
    }

    @Override
    public void close() {
        kubelets.shutdownNow();
    }

    /** The Lease as the API server holds it now. */
    public Lease lease(String name) {
        return kubernetes.leases().inNamespace(LEASE_NAMESPACE).withName(name).get();
    }
}
