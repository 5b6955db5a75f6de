package dev.mooring.agent.service;

import dev.mooring.agent.domain.NodeFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Sends the node's facts to the services: its initiators to attach-svc, its px_env to topology-svc, and its
 * heartbeat to health-svc. The files are read below the host root prefix.
 */
public final class FactsReporter {

    private static final Logger LOG = Logger.getLogger(FactsReporter.class);

    private final String node;
    private final Path hostRoot;
    private final ServicesClient services;
    private volatile String lastInitiators;
    private volatile String lastPxEnv;

    public FactsReporter(String node, Path hostRoot, ServicesClient services) {
        this.node = node;
        this.hostRoot = hostRoot;
        this.services = services;
    }

    /** The node's IQN, from {@code /etc/iscsi/initiatorname.iscsi}. */
    public Optional<String> iqn() {
        return NodeFacts.initiatorName(read(hostRoot.resolve("etc/iscsi/initiatorname.iscsi")));
    }

    /** The node's FC port WWNs, from {@code /sys/class/fc_host/*}{@code /port_name}. */
    public List<String> wwns() {
        Path fcHosts = hostRoot.resolve("sys/class/fc_host");
        List<String> wwns = new ArrayList<>();
        if (!Files.isDirectory(fcHosts)) {
            return wwns;
        }
        try (Stream<Path> hosts = Files.list(fcHosts)) {
            for (Path h : hosts.sorted().toList()) {
                NodeFacts.fcPortName(read(h.resolve("port_name"))).ifPresent(wwns::add);
            }
        } catch (IOException e) {
            LOG.warnf("node=%s cannot list %s: %s", node, fcHosts, e.getMessage());
        }
        return wwns;
    }

    /** The px_env file's text, if the node has one. */
    public Optional<String> pxEnv() {
        return Optional.ofNullable(read(hostRoot.resolve("etc/pwx/px_env")));
    }

    /** Reports initiators and px_env when they changed since the last report that went through (or when forced). */
    public void reportFacts(boolean force) {
        if (services.knowsAttach()) {
            List<String> iqns = iqn().map(List::of).orElse(List.of());
            List<String> wwns = wwns();
            String now = iqns + "|" + wwns;
            if (!iqns.isEmpty() || !wwns.isEmpty()) {
                if (force || !now.equals(lastInitiators)) {
                    services.reportInitiators(node, iqns, wwns);
                    lastInitiators = now;
                    LOG.infof("node=%s reported initiators %s %s", node, iqns, wwns);
                }
            } else {
                LOG.warnf("node=%s has neither an iSCSI initiator name nor an FC HBA: nothing to report", node);
            }
        }
        if (services.knowsTopology()) {
            Optional<String> env = pxEnv();
            if (env.isPresent() && (force || !env.get().equals(lastPxEnv))) {
                services.reportPxEnv(node, env.get());
                lastPxEnv = env.get();
                LOG.infof("node=%s reported px_env", node);
            }
        }
    }

    public void heartbeat() {
        if (services.knowsHealth()) {
            services.heartbeat(node);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
