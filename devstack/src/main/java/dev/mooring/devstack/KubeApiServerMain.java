package dev.mooring.devstack;

import dev.mooring.devstack.kubeapi.KubeApiServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;

/**
 * The Kubernetes API stand-in as its own process: {@link KubeApiServer} (what kubectl and fabric8 clients need of
 * an API server, over fabric8's in-memory CRUD store), plain HTTP on 127.0.0.1, with {@link PvBinder} playing the
 * PV controller the stand-in lacks. Usage: {@code KubeApiServerMain <port>}.
 */
public final class KubeApiServerMain {

    private KubeApiServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        KubeApiServer server = KubeApiServer.start("127.0.0.1", port);
        PvBinder binder = new PvBinder(new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port).withAutoConfigure(false).build()).build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            binder.close();
            server.close();
            stopped.countDown();
        }, "kube-api-stop"));
        System.out.println("Kubernetes API stand-in (" + KubeApiServer.KUBERNETES_VERSION
                + ", fabric8 CRUD store) listening on http://127.0.0.1:" + port);
        stopped.await();
    }
}
