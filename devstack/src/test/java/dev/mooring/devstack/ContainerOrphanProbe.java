package dev.mooring.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for devstack in {@link ContainerImagesSystemIT}: starts the simulator's container exactly as the stack
 * starts it in container mode ({@link AppLauncher}), prints {@code STARTED <container> <health port>}, and waits to
 * be killed. Run as its own JVM, so that the test can kill it with SIGKILL.
 */
public final class ContainerOrphanProbe {

    static final String STARTED = "STARTED";

    private ContainerOrphanProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path root = Stack.findRoot();
        Path work = Path.of(args[0]).toAbsolutePath();
        Path sim = work.resolve("sim");
        Files.createDirectories(sim);
        Files.createDirectories(work.resolve("logs"));
        Files.deleteIfExists(work.resolve("logs/flasharray-sim.log"));
        Ports ports = new Ports(false);
        int health = ports.choose(0);
        Path config = sim.resolve("sim.yaml");
        Files.writeString(config, Stack.simulatorConfig(sim.resolve("arrays-ca.pem"), ports.choose(0), ports.choose(0),
                ports.choose(0), DevTokens.random()), StandardCharsets.UTF_8);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mooring.sim.config-file", config.toString());
        settings.put("quarkus.http.host", "127.0.0.1");
        settings.put("quarkus.http.port", String.valueOf(health));
        AppLauncher launcher = new AppLauncher(root, work, work.resolve("logs"), true);
        ChildProcess simulator = launcher.quarkusApp("flasharray-sim", root.resolve("flasharray-sim/target/quarkus-app/quarkus-run.jar"),
                256, settings, Map.of(), List.of(sim)).start();
        System.out.println(STARTED + " " + simulator.container().orElseThrow().name() + " " + health);
        Thread.currentThread().join();
    }
}
