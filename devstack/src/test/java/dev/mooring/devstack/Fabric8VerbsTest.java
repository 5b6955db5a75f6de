package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KubeCalls#OPERATIONS}, proven against fabric8 itself: each operation, called as the services call it,
 * sends exactly the requests whose RBAC verbs the table states (an API server's 403 on any of them would fail the
 * operation). A fabric8 upgrade that changes what an operation sends fails here before a cluster finds it.
 */
class Fabric8VerbsTest {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final Set<KubeCalls.Access> seen = new HashSet<>();

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
        client.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata()
                .withName("px-pure-secret").endMetadata().addToStringData("pure.json", "{}").build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build()).create();
        client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata()
                .withNewSpec().addToCapacity("storage", new Quantity("1Gi")).endSpec().build()).create();
        client.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder().withNewMetadata().withName("va-1")
                .endMetadata().withNewSpec().withAttacher("pxd.portworx.com").withNodeName("node-1").endSpec().build()).create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void eachOperationSendsTheRequestsOfItsVerbs() throws Exception {
        Map<String, Set<KubeCalls.Access>> sent = new LinkedHashMap<>();
        sent.put("inform", requestsOf(() -> {
            SharedIndexInformer<Secret> informer = client.secrets().inNamespace("kube-system").withName("px-pure-secret")
                    .inform(new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(Secret secret) {
                        }

                        @Override
                        public void onUpdate(Secret before, Secret after) {
                        }

                        @Override
                        public void onDelete(Secret secret, boolean finalStateUnknown) {
                        }
                    });
            awaitWatch();
            informer.close();
        }));
        sent.put("runnableInformer", requestsOf(() -> {
            var informer = client.nodes().runnableInformer(0);
            informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
            awaitWatch();
            informer.close();
        }));
        sent.put("list", requestsOf(() -> client.nodes().list()));
        sent.put("get", requestsOf(() -> client.persistentVolumes().withName("pv-1").get()));
        sent.put("create", requestsOf(() -> client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName("pv-2").endMetadata().build()).create()));
        sent.put("delete", requestsOf(() -> client.persistentVolumes().withName("pv-1").delete()));
        sent.put("edit", requestsOf(() -> client.storage().v1().volumeAttachments().withName("va-1").edit(va -> {
            va.getMetadata().setFinalizers(List.of("mooring.dev/attached"));
            return va;
        })));
        sent.put("patch", requestsOf(() -> client.nodes().withName("node-1").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"px/zone\":\"zone-a\"}}}")));
        sent.put("editStatus", requestsOf(() -> client.storage().v1().volumeAttachments().withName("va-1").editStatus(va -> {
            va.setStatus(new VolumeAttachmentStatusBuilder().withAttached(true).build());
            return va;
        })));

        sent.put("update", requestsOf(() -> {
            var read = client.persistentVolumes().withName("pv-2").get();
            drain();
            seen.clear();
            read.getMetadata().setLabels(Map.of("dr.mooring.dev/migrated-from", "site-a"));
            client.persistentVolumes().resource(read).update();
        }));
        sent.put("updateStatus", requestsOf(() -> {
            var read = client.storage().v1().volumeAttachments().withName("va-1").get();
            drain();
            seen.clear();
            read.setStatus(new VolumeAttachmentStatusBuilder().withAttached(false).build());
            client.storage().v1().volumeAttachments().resource(read).updateStatus();
        }));

        assertThat(sent.keySet()).as("every operation KubeCalls knows is proven here")
                .containsExactlyInAnyOrderElementsOf(KubeCalls.OPERATIONS.keySet());
        sent.forEach((operation, accesses) -> assertThat(accesses).as(operation + "()")
                .containsExactlyInAnyOrderElementsOf(KubeCalls.OPERATIONS.get(operation)));
    }

    private interface Operation {
        void run() throws Exception;
    }

    /** The verbs of what {@code operation} sent. */
    private Set<KubeCalls.Access> requestsOf(Operation operation) throws Exception {
        drain();
        seen.clear();
        operation.run();
        drain();
        return Set.copyOf(seen);
    }

    private void awaitWatch() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain();
            return seen.contains(new KubeCalls.Access("", "watch"));
        });
    }

    private void drain() throws InterruptedException {
        RecordedRequest request;
        while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            seen.add(access(request.getMethod(), request.getPath()));
        }
    }

    /** The RBAC verb (and subresource) of one request, as the API server's authorizer sees it. */
    static KubeCalls.Access access(String method, String path) {
        String[] pathAndQuery = path.split("\\?", 2);
        List<String> segments = List.of(pathAndQuery[0].replaceFirst("^/api/v1/|^/apis/[^/]+/[^/]+/", "").split("/"));
        if (segments.size() > 2 && segments.get(0).equals("namespaces")) {
            segments = segments.subList(2, segments.size());
        }
        String subresource = segments.size() > 2 ? segments.get(2) : "";
        boolean collection = segments.size() == 1;
        String verb = switch (method) {
            case "GET" -> !collection ? "get"
                    : pathAndQuery.length > 1 && pathAndQuery[1].contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PATCH" -> "patch";
            case "PUT" -> "update";
            case "DELETE" -> collection ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException(method + " " + path);
        };
        return new KubeCalls.Access(subresource, verb);
    }
}
