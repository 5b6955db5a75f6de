package dev.mooring.agent.app;

import dev.mooring.agent.config.AgentConfig;
import dev.mooring.agent.csi.CsiServer;
import dev.mooring.agent.csi.IdentityService;
import dev.mooring.agent.csi.NodeService;
import dev.mooring.agent.domain.NodeFacts;
import dev.mooring.agent.host.Filesystems;
import dev.mooring.agent.host.GuardedHost;
import dev.mooring.agent.host.Host;
import dev.mooring.agent.host.IscsiSettings;
import dev.mooring.agent.host.LinuxHost;
import dev.mooring.agent.host.ProcessCommandRunner;
import dev.mooring.agent.host.SimulatedHost;
import dev.mooring.agent.kube.KubeDriftReporter;
import dev.mooring.agent.kube.NodeLabels;
import dev.mooring.agent.service.FactsReporter;
import dev.mooring.agent.service.NodeVolumes;
import dev.mooring.agent.service.Ownership;
import dev.mooring.agent.service.ReadinessGate;
import dev.mooring.agent.service.SelfHealer;
import dev.mooring.agent.service.StartupReconciliation;
import dev.mooring.agent.service.ServicesClient;
import dev.mooring.agent.service.ServicesToken;
import dev.mooring.agent.service.StateStore;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agent put together at start: the host layer (real or simulated, behind the ownership guard), the CSI
 * endpoint on one Unix socket per driver name, the start-up reconciliation that gates readiness, and the loops
 * (heartbeat, facts, self-healing).
 */
@ApplicationScoped
public class NodeAgent {

    private static final Logger LOG = Logger.getLogger(NodeAgent.class);

    @Inject
    AgentConfig config;

    /** The CSI driver names the agent serves, one socket each: the provisioner names of the PVs it stages. */
    @ConfigProperty(name = "mooring.provisioner.names", defaultValue = "pxd.portworx.com")
    List<String> driverNames;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "0.1.0")
    String version;

    /** Namespace of the agent's Events on its Node (where Kubernetes records node events). */
    @ConfigProperty(name = "mooring.agent.events-namespace", defaultValue = "default")
    String eventsNamespace;

    @Inject
    KubernetesClient kube;

    @Inject
    MeterRegistry meters;

    @Inject
    Vertx vertx;

    /** The services' background runtime: the agent's loops are its periodic jobs, stopped with the application. */
    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    private final ReadinessGate gate = new ReadinessGate();
    private final List<CsiServer> servers = new ArrayList<>();
    private Host host;
    private Host rawHost;
    private NodeVolumes volumes;
    private SelfHealer healer;
    private FactsReporter facts;
    private ServicesClient services;

    void start(@Observes StartupEvent ev) {
        ServicesTokenCheck.check(config.services());
        Path root = Path.of(config.hostRoot());
        StateStore store = new StateStore(Path.of(config.stateDir()));
        Ownership ownership = new Ownership(store);
        var runner = new ProcessCommandRunner();
        Filesystems filesystems = new Filesystems(runner, Path.of("/proc/self/mountinfo"));
        services = new ServicesClient(config.services().attachUrl(), config.services().healthUrl(),
                config.services().topologyUrl(), config.services().tokenFile().map(f -> ServicesToken.file(Path.of(f)))
                        .orElseGet(() -> ServicesToken.fixed(config.services().token())), config.services().timeout(),
                config.services().caFile().map(Path::of));
        facts = new FactsReporter(config.nodeName(), root, services);
        rawHost = switch (config.host().kind()) {
            case "linux" -> new LinuxHost(runner, filesystems, root, new IscsiSettings(
                    config.host().replacementTimeout(), config.host().loginTimeout(), config.host().queueDepth()),
                    config.host().mapPollInterval());
            case "simulated" -> new SimulatedHost(SimulatedArrays.open(vertx, Path.of(config.host().simulatedPureJson()
                            .orElseThrow(() -> new IllegalStateException("mooring.agent.host.simulated.pure-json-file"
                                    + " is required for the simulated host"))),
                    config.host().simulatedCaFile().map(Path::of), Duration.ofSeconds(30)), runner, filesystems,
                    Path.of(config.host().simulatedWorkDir()), root.resolve("dev/mapper"),
                    facts.iqn().orElseThrow(() -> new IllegalStateException("the simulated host needs an initiator"
                            + " name in " + root.resolve("etc/iscsi/initiatorname.iscsi"))),
                    new HashSet<>(facts.wwns()), Duration.ofSeconds(30), config.host().mapPollInterval());
            default -> throw new IllegalStateException("mooring.agent.host.kind must be linux or simulated, not "
                    + config.host().kind());
        };
        host = new GuardedHost(rawHost, ownership::rule);
        volumes = new NodeVolumes(host, filesystems, store, ownership, config.host().mapTimeout());
        healer = new SelfHealer(config.nodeName(), services, host, ownership, volumes,
                new KubeDriftReporter(kube, meters, config.nodeName(), eventsNamespace));
        NodeLabels labels = new NodeLabels(kube, config.nodeName(), config.csi().nodeLabelsTimeout(),
                Infrastructure.getDefaultWorkerPool());
        NodeService node = new NodeService(volumes, config.nodeName(),
                () -> NodeFacts.topology(labels.get(), facts.pxEnv().map(NodeFacts::pxEnv).orElse(Map.of())),
                config.csi().defaultFsType(), config.csi().maxVolumesPerNode());
        Path first = Path.of(config.csi().socket());
        for (int i = 0; i < driverNames.size(); i++) {
            String name = driverNames.get(i).trim();
            Path socket = i == 0 ? first : first.getParent().resolve(name).resolve(first.getFileName());
            servers.add(CsiServer.start(socket, List.of(new IdentityService(name, version, gate), node)));
        }
        startLoops();
    }

    private void startLoops() {
        if (!services.knowsAttach()) {
            LOG.warn("mooring.agent.services.attach-url is not set: no start-up reconciliation, no self-healing");
            gate.open();
        }
        every("facts", config.facts().reportInterval(), () -> facts.reportFacts(false));
        every("heartbeat", config.facts().heartbeatInterval(), () -> {
            if (gate.ready()) {
                facts.heartbeat();
            }
        });
        StartupReconciliation reconciliation = new StartupReconciliation(healer, gate);
        if (services.knowsAttach() && config.heal().enabled()) {
            every("self-healing", config.heal().interval(), reconciliation::attempt);
        } else if (services.knowsAttach()) {
            every("start-up reconciliation", config.heal().interval(), () -> {
                if (!gate.ready()) {
                    reconciliation.attempt();
                }
            });
        }
    }

    /**
     * A loop of the agent: a single-flight periodic job of the background runtime, first run once the application has
     * started. Its pass blocks
     * (REST calls, host commands), so it runs on a worker thread, never on the event loop; a failed pass is logged and
     * retried with backoff, never later than the interval.
     */
    private void every(String name, Duration interval, Runnable pass) {
        background.periodic("agent-" + name, interval, () -> contexts.blocking(() -> {
            pass.run();
            return true;
        }).replaceWithVoid());
    }

    void stop(@Observes ShutdownEvent ev) {
        servers.forEach(CsiServer::close);
        servers.clear();
    }

    /** The CSI sockets, first driver name first. */
    public List<Path> sockets() {
        return servers.stream().map(CsiServer::socket).toList();
    }

    public ReadinessGate gate() {
        return gate;
    }

    /** The host under the ownership guard. */
    public Host host() {
        return host;
    }

    /** The host implementation itself (tests reach the simulated host's fault injection through it). */
    public Host rawHost() {
        return rawHost;
    }

    public SelfHealer healer() {
        return healer;
    }

    public Optional<String> nodeIqn() {
        return facts.iqn();
    }
}
