package dev.mooring.flasharray.sim.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Everything a {@code FlashArraySimulator} needs: timings, TLS, the admin API, the Mediator, the arrays, the
 * replication links between them and the pods that exist at start. Load it from YAML or JSON with
 * {@link #load(Path)}, or build it in code from {@link #defaults()} / {@link #twoArraysWithStretchedPod()} and
 * the {@code with…} methods. The {@link #clock()} is not part of the file: tests inject one.
 */
public record SimulatorConfig(
        Duration sessionTtl,
        Duration resyncDuration,
        Duration eradicationDelay,
        boolean refuseDestroyConnectedVolume,
        String bindHost,
        TlsConfig tls,
        AdminConfig admin,
        MediatorConfig mediator,
        List<ArrayConfig> arrays,
        List<List<String>> replicationLinks,
        List<PodConfig> pods,
        int serverInstancesPerArray,
        Clock clock) {

    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_RESYNC_DURATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ERADICATION_DELAY = Duration.ofHours(24);
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";

    public SimulatorConfig {
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        Objects.requireNonNull(resyncDuration, "resyncDuration");
        Objects.requireNonNull(eradicationDelay, "eradicationDelay");
        bindHost = bindHost == null ? DEFAULT_BIND_HOST : bindHost;
        tls = tls == null ? TlsConfig.selfSigned() : tls;
        admin = admin == null ? AdminConfig.disabled() : admin;
        mediator = mediator == null ? MediatorConfig.defaults() : mediator;
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
        replicationLinks = replicationLinks == null ? List.of() : replicationLinks.stream().map(List::copyOf).toList();
        pods = pods == null ? List.of() : List.copyOf(pods);
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** No arrays yet; every setting at its default. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_SESSION_TTL, DEFAULT_RESYNC_DURATION, DEFAULT_ERADICATION_DELAY, false,
                DEFAULT_BIND_HOST, TlsConfig.selfSigned(), AdminConfig.disabled(), MediatorConfig.defaults(),
                List.of(), List.of(), List.of(), 0, Clock.systemUTC());
    }

    /**
     * Arrays {@code array-a} and {@code array-b} (free ports), linked, pod {@code pod1} stretched over both with
     * {@code array-a} preferred; each array has one {@code array_admin} token (user {@code pureuser}) and one
     * {@code readonly} token (user {@code viewer}), all random UUIDs. The admin HTTP API is off, as by default: a test
     * that calls it adds {@code withAdmin(AdminConfig.enabledOnPort(0, token))} ({@code sim.admin()} needs nothing).
     */
    public static SimulatorConfig twoArraysWithStretchedPod() {
        ArrayConfig a = ArrayConfig.named("array-a").withId("6c1b16ce-1c03-4d1c-8b2e-4f1a2b3c4d5e")
                .withApiToken(new ApiToken(UUID.randomUUID().toString(), "viewer", ApiToken.READONLY));
        ArrayConfig b = ArrayConfig.named("array-b").withId("704f2c1a-9b3e-4c5d-8e6f-7a8b9c0d1e2f")
                .withApiToken(new ApiToken(UUID.randomUUID().toString(), "viewer", ApiToken.READONLY));
        return defaults()
                .withArrays(List.of(a.withDefaultPorts(), b.withDefaultPorts()))
                .withReplicationLinks(List.of(List.of("array-a", "array-b")))
                .withPods(List.of(new PodConfig("pod1", List.of("array-a", "array-b"), List.of("array-a"), null)));
    }

    /** Reads a YAML or JSON file (JSON is read as YAML) and validates it. */
    public static SimulatorConfig load(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read simulator configuration " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads YAML or JSON from a stream (not closed) and validates it. */
    public static SimulatorConfig load(InputStream in) {
        SimulatorConfig config = ConfigReader.read(in);
        config.validate();
        return config;
    }

    /** Throws a {@link ConfigException} naming the field when something is wrong. */
    public SimulatorConfig validate() {
        ConfigValidator.validate(this);
        return this;
    }

    /** How many Vert.x server instances listen on each array's port (0 = automatic: one per core, at most 2). */
    public int effectiveServerInstances() {
        if (serverInstancesPerArray > 0) {
            return serverInstancesPerArray;
        }
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public ArrayConfig array(String name) {
        return arrays.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no array named " + name));
    }

    public SimulatorConfig withSessionTtl(Duration d) {
        return new SimulatorConfig(d, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, admin, mediator, arrays, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withResyncDuration(Duration d) {
        return new SimulatorConfig(sessionTtl, d, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, admin, mediator, arrays, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withEradicationDelay(Duration d) {
        return new SimulatorConfig(sessionTtl, resyncDuration, d, refuseDestroyConnectedVolume, bindHost, tls, admin, mediator, arrays, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withRefuseDestroyConnectedVolume(boolean refuse) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuse, bindHost, tls, admin, mediator, arrays, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withBindHost(String host) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, host, tls, admin, mediator, arrays, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withTls(TlsConfig t) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, t, admin, mediator, arrays, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withAdmin(AdminConfig a) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, a, mediator, arrays, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withMediator(MediatorConfig m) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, admin, m, arrays, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withArrays(List<ArrayConfig> list) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, admin, mediator, list, replicationLinks, pods, serverInstancesPerArray, clock);
    }

    /** Adds an array (see {@link ArrayConfig#named(String)}). */
    public SimulatorConfig withArray(ArrayConfig array) {
        List<ArrayConfig> list = new ArrayList<>(arrays);
        list.add(array);
        return withArrays(list);
    }

    /** Changes one array, e.g. {@code cfg.withArray("array-a", a -> a.withRestVersions("2.0-2.17"))}. */
    public SimulatorConfig withArray(String name, UnaryOperator<ArrayConfig> change) {
        array(name);
        return withArrays(arrays.stream().map(a -> a.name().equals(name) ? change.apply(a) : a).toList());
    }

    public SimulatorConfig withReplicationLinks(List<List<String>> links) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, admin, mediator, arrays, links, pods, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withPods(List<PodConfig> list) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, admin, mediator, arrays, replicationLinks, list, serverInstancesPerArray, clock);
    }

    public SimulatorConfig withServerInstancesPerArray(int n) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, admin, mediator, arrays, replicationLinks, pods, n, clock);
    }

    public SimulatorConfig withClock(Clock c) {
        return new SimulatorConfig(sessionTtl, resyncDuration, eradicationDelay, refuseDestroyConnectedVolume, bindHost, tls, admin, mediator, arrays, replicationLinks, pods, serverInstancesPerArray, c);
    }
}
