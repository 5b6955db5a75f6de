package dev.mooring.devstack;

import dev.mooring.console.ConsoleMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read-only web console ({@code console/}) as a process of the stack: on devstack's classpath, reading the
 * services with the stack's API token from a file only its owner may read, on this machine's loopback only.
 */
final class WebConsole {

    /** Its name in the stack's table and logs. */
    static final String NAME = "console";
    /** Its port when free. */
    static final int DEFAULT_PORT = 8070;
    /** The services it reads (it needs all three); topology-svc only for its health. */
    static final List<String> READS = List.of("provisioner-svc", "attach-svc", "health-svc");

    private WebConsole() {
    }

    /** The token file: {@code <work>/console/api-token}, written by the stack with mode 600. */
    static Path tokenFile(Path work) {
        return work.resolve("console").resolve("api-token").toAbsolutePath();
    }

    /** The main class and its flags, given the services' base URLs by name. */
    static List<String> main(int port, Path tokenFile, Map<String, String> serviceUrls) {
        List<String> main = new ArrayList<>(List.of(ConsoleMain.class.getName(), "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--token-file", tokenFile.toString(), "--refresh-seconds", "5"));
        for (String service : READS) {
            main.addAll(List.of("--" + service.replace("-svc", "") + "-url", serviceUrls.get(service)));
        }
        if (serviceUrls.containsKey("topology-svc")) {
            main.addAll(List.of("--topology-url", serviceUrls.get("topology-svc")));
        }
        return main;
    }
}
