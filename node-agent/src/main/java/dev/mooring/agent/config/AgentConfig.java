package dev.mooring.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** The node agent's settings ({@code mooring.agent.*}); the README lists each with its default. */
@ConfigMapping(prefix = "mooring.agent")
public interface AgentConfig {

    /** This node's Kubernetes name (the DaemonSet passes spec.nodeName); also the CSI node id. */
    @WithName("node-name")
    String nodeName();

    /** Where the agent keeps what it staged and the volumes it attached, so a restarted agent knows. */
    @WithName("state-dir")
    @WithDefault("/var/lib/mooring-agent")
    String stateDir();

    /** Prefix of every host path the agent reads or writes (/etc, /sys, /dev); tests point it at a temp dir. */
    @WithName("host-root")
    @WithDefault("/")
    String hostRoot();

    Csi csi();

    HostSettings host();

    Services services();

    Heal heal();

    Facts facts();

    /** The CSI endpoint. */
    interface Csi {
        /** The Unix socket of the first driver name; each further name gets {@code <dir>/<name>/csi.sock}. */
        @WithDefault("/csi/csi.sock")
        String socket();

        /** The fsType used when a mount capability names none. */
        @WithName("default-fs-type")
        @WithDefault("ext4")
        String defaultFsType();

        /** Reported as max_volumes_per_node (0 = no limit reported). */
        @WithName("max-volumes-per-node")
        @WithDefault("0")
        long maxVolumesPerNode();

        /** How long NodeGetInfo waits for the Node's labels before it answers with the labels last read. */
        @WithName("node-labels-timeout")
        @WithDefault("3s")
        Duration nodeLabelsTimeout();
    }

    /** The host layer. */
    interface HostSettings {
        /** {@code linux}: iscsiadm, multipath and sysfs; {@code simulated}: loop devices for the simulator's LUNs. */
        @WithDefault("linux")
        String kind();

        /** How long a stage waits for the multipath map with every expected path. */
        @WithName("map-timeout")
        @WithDefault("60s")
        Duration mapTimeout();

        /** How often the wait looks again. */
        @WithName("map-poll-interval")
        @WithDefault("250ms")
        Duration mapPollInterval();

        /** node.session.timeo.replacement_timeout: seconds a dropped session may take before its I/O fails over. */
        @WithName("iscsi.replacement-timeout")
        @WithDefault("15")
        int replacementTimeout();

        /** node.conn[0].timeo.login_timeout in seconds. */
        @WithName("iscsi.login-timeout")
        @WithDefault("15")
        int loginTimeout();

        /** node.session.queue_depth. */
        @WithName("iscsi.queue-depth")
        @WithDefault("32")
        int queueDepth();

        /** Simulated host only: a pure.json naming the simulated arrays (MgmtEndPoint, APIToken). */
        @WithName("simulated.pure-json-file")
        Optional<String> simulatedPureJson();

        /** Simulated host only: the CA certificate (PEM) of the simulated arrays. */
        @WithName("simulated.ca-file")
        Optional<String> simulatedCaFile();

        /** Simulated host only: where the sparse files behind the loop devices live. */
        @WithName("simulated.work-dir")
        @WithDefault("/var/lib/mooring-agent/sim")
        String simulatedWorkDir();
    }

    /** The services' REST APIs. */
    interface Services {
        /** attach-svc's base URL (attachments of this node, initiators). */
        @WithName("attach-url")
        Optional<String> attachUrl();

        /** health-svc's base URL (heartbeats). */
        @WithName("health-url")
        Optional<String> healthUrl();

        /** topology-svc's base URL (px_env). */
        @WithName("topology-url")
        Optional<String> topologyUrl();

        /** The bearer token the agent presents (never logged). */
        @WithName("token")
        Optional<String> token();

        /**
         * The pod's projected ServiceAccount token (audience {@code mooring}), read again when the kubelet renews it:
         * the services learn from it which node the agent runs on and let it act for that node only. Wins over
         * {@code token}.
         */
        @WithName("token-file")
        Optional<String> tokenFile();

        /**
         * Refuse to start with a token shorter than 32 characters or copied from a sample, or with none while a
         * services URL is set; false only in the dev and test profiles.
         */
        @WithName("strong-token-required")
        @WithDefault("true")
        boolean strongTokenRequired();

        /** PEM file of the CA(s) the services' HTTPS certificates must chain to; unset: the JVM's trust store. */
        @WithName("ca-file")
        Optional<String> caFile();

        /** Time limit of one REST call. */
        @WithName("timeout")
        @WithDefault("10s")
        Duration timeout();
    }

    /** Self-healing. */
    interface Heal {
        /** Compare and heal at all. */
        @WithDefault("true")
        boolean enabled();

        /** Time between two comparisons of sessions and maps with the attachments. */
        @WithDefault("30s")
        Duration interval();
    }

    /** The node's facts sent to the services. */
    interface Facts {
        /** Time between heartbeats to health-svc. */
        @WithName("heartbeat-interval")
        @WithDefault("10s")
        Duration heartbeatInterval();

        /** Time between reports of initiators and px_env (sent at start, then again when they change). */
        @WithName("report-interval")
        @WithDefault("5m")
        Duration reportInterval();
    }
}
