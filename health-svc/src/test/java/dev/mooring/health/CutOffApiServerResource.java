package dev.mooring.health;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API test server (CRUD) with health-svc reaching it only through an {@link ApiServerLink} the test
 * can cut; the test's own client (its kubelets, its reads of Events) goes to the server directly.
 */
public class CutOffApiServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile KubernetesServer server;
    private static volatile ApiServerLink link;

    @Override
    public Map<String, String> start() {
        server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        server.before();
        try {
            link = new ApiServerLink(server.getKubernetesMockServer().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://127.0.0.1:" + link.port() + "/";
        Map<String, String> config = new HashMap<>();
        config.put("kubernetes.master", url);
        config.put("kubernetes.trust.certificates", "true");
        config.put("kubernetes.auth.tryKubeConfig", "false");
        config.put("kubernetes.auth.tryServiceAccount", "false");
        config.put("kubernetes.namespace", "test");
        config.put("http2.disable", "true");
        // The client's URL is fixed at build time in Quarkus: like the stock test resource, hand it to fabric8's own
        // configuration, which reads system properties.
        config.forEach(System::setProperty);
        return config;
    }

    @Override
    public void stop() {
        try {
            link.close();
        } catch (IOException e) {
            // closing
        }
        server.after();
    }

    /** The test's client, straight to the server (never cut). */
    public static KubernetesClient direct() {
        return server.getClient();
    }

    public static ApiServerLink link() {
        return link;
    }
}
