package dev.mooring.devstack;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's part for the stack's node agents: each agent is a Pod of the DaemonSet's ServiceAccount on its node
 * (in the stand-in API server), and its ServiceAccount token — bound to that Pod, for the audience {@code mooring} —
 * is projected into a file the agent reads ({@code mooring.agent.services.token-file}) and renewed well before it
 * expires, as the kubelet does. The services learn the agent's node from that token (TokenReview).
 */
final class AgentPods implements AutoCloseable {

    static final String NAMESPACE = "mooring";
    static final String SERVICE_ACCOUNT = "mooring-node-agent";
    private static final long TOKEN_SECONDS = 3600;

    private final KubernetesClient kubernetes;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "agent-token-renewal");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();

    AgentPods(String apiServerUrl) {
        this.kubernetes = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(apiServerUrl)
                .withAutoConfigure(false).build()).build();
        if (kubernetes.namespaces().withName(NAMESPACE).get() == null) {
            kubernetes.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        }
        // The kubelet renews a projected token at 80% of its life; every 20 minutes keeps an hour's token fresh.
        renewals.scheduleAtFixedRate(this::renewAll, 20, 20, TimeUnit.MINUTES);
    }

    /** Makes the agent's Pod on {@code node} and writes its token into {@code dir}; returns the token file. */
    Path start(String node, Path dir) {
        String name = NodeAgents.NAME + "-" + node;
        Pod pod = kubernetes.pods().inNamespace(NAMESPACE).withName(name).get();
        if (pod == null) {
            pod = kubernetes.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                    .addToLabels("app", NodeAgents.NAME).endMetadata()
                    .withNewSpec().withNodeName(node).withServiceAccountName(SERVICE_ACCOUNT)
                    .addNewContainer().withName(NodeAgents.NAME).withImage("localhost/mooring/node-agent:0.1.0").endContainer()
                    .endSpec().build()).create();
        }
        Path file = dir.resolve("token");
        files.put(name, file);
        write(name, pod.getMetadata().getUid(), file);
        return file;
    }

    /** The tokens handed out so far, for the scan that proves none leaks. */
    List<String> tokens() {
        return List.copyOf(tokens);
    }

    private void renewAll() {
        files.forEach((name, file) -> {
            Pod pod = kubernetes.pods().inNamespace(NAMESPACE).withName(name).get();
            if (pod != null) {
                write(name, pod.getMetadata().getUid(), file);
            }
        });
    }

    private void write(String pod, String uid, Path file) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withAudiences("mooring")
                .withExpirationSeconds(TOKEN_SECONDS).withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
                .withName(pod).withUid(uid).endBoundObjectRef().endSpec().build();
        String token = kubernetes.serviceAccounts().inNamespace(NAMESPACE).withName(SERVICE_ACCOUNT).tokenRequest(request)
                .getStatus().getToken();
        tokens.add(token);
        Stack.writePrivate(file, token);
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        kubernetes.close();
    }
}
