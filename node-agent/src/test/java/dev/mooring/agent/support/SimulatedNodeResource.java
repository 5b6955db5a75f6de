package dev.mooring.agent.support;

import dev.mooring.testing.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A simulated node for the agent: the FlashArray simulator (two arrays, stretched pod {@code pod1}), a host root
 * with the node's initiator name and px_env, a state directory, the CSI socket in a temporary directory, and the
 * services' stand-in. Needs root (loop devices, mkfs, mount): it fails at once, saying so, when not root.
 */
public class SimulatedNodeResource implements QuarkusTestResourceLifecycleManager {

    public static final String NODE = "test-node";
    public static final String IQN = "iqn.2026-12.dev.mooring:test-node";

    private static Path dir;
    private static ServicesStandIn services;

    public static Path dir() {
        return dir;
    }

    public static ServicesStandIn services() {
        return services;
    }

    public static Path socket() {
        return dir.resolve("csi/csi.sock");
    }

    @Override
    public synchronized Map<String, String> start() {
        RootCheck.requireRoot();
        Map<String, String> sim = new SimulatorResource().start();
        try {
            dir = Files.createTempDirectory("mooring-agent-");
            Path root = dir.resolve("root");
            Files.createDirectories(root.resolve("etc/iscsi"));
            Files.writeString(root.resolve("etc/iscsi/initiatorname.iscsi"),
                    "## DO NOT EDIT OR REMOVE THIS FILE!\nInitiatorName=" + IQN + "\n");
            Files.createDirectories(root.resolve("etc/pwx"));
            Files.writeString(root.resolve("etc/pwx/px_env"), "export PX_ZONE=\"zone-b\"\nPX_RACK=rack-7\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        services = new ServicesStandIn();
        Map<String, String> config = new HashMap<>();
        config.put("mooring.agent.node-name", NODE);
        config.put("mooring.agent.host.kind", "simulated");
        config.put("mooring.agent.host.simulated.pure-json-file", SimulatorResource.pureJsonFile().toString());
        config.put("mooring.agent.host.simulated.ca-file", sim.get("mooring.arrays.tls.ca-file"));
        config.put("mooring.agent.host.simulated.work-dir", dir.resolve("sim").toString());
        config.put("mooring.agent.host-root", dir.resolve("root").toString());
        config.put("mooring.agent.state-dir", dir.resolve("state").toString());
        config.put("mooring.agent.csi.socket", socket().toString());
        config.put("mooring.agent.host.map-timeout", "3s");
        config.put("mooring.agent.services.attach-url", services.url());
        config.put("mooring.agent.services.health-url", services.url());
        config.put("mooring.agent.services.topology-url", services.url());
        config.put("mooring.agent.services.token", "agent-token");
        // The tests run self-healing passes themselves; the loop's own pass runs once at start.
        config.put("mooring.agent.heal.interval", "1h");
        config.put("mooring.agent.facts.heartbeat-interval", "500ms");
        config.put("mooring.agent.facts.report-interval", "1h");
        return config;
    }

    @Override
    public synchronized void stop() {
        if (services != null) {
            services.close();
        }
        if (dir != null) {
            HostCleanup.releaseEverythingUnder(dir);
            HostCleanup.deleteTree(dir);
        }
    }
}
