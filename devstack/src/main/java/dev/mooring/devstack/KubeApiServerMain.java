package dev.mooring.devstack;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The Kubernetes API test server as its own process: fabric8's {@link KubernetesMockServer} in CRUD mode
 * (objects created are stored, listed, watched, patched and deleted like on a real API server), plain HTTP
 * on 127.0.0.1, with {@link PvBinder} playing the PV controller the test server lacks. Usage: {@code KubeApiServerMain <port>}.
 */
public final class KubeApiServerMain {

    private KubeApiServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        PvBinder binder = new PvBinder(new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port).withAutoConfigure(false).build()).build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            binder.close();
            server.destroy();
            stopped.countDown();
        }, "kube-api-stop"));
        System.out.println("Kubernetes API test server (fabric8 mock, CRUD mode) listening on http://127.0.0.1:" + port);
        stopped.await();
    }
}
