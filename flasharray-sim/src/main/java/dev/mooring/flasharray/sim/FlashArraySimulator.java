package dev.mooring.flasharray.sim;

import dev.mooring.flasharray.sim.admin.AdminApi;
import dev.mooring.flasharray.sim.admin.AdminService;
import dev.mooring.flasharray.sim.admin.ArrayListeners;
import dev.mooring.flasharray.sim.admin.FaultRegistry;
import dev.mooring.flasharray.sim.admin.SimulatorAdmin;
import dev.mooring.flasharray.sim.api.ArrayApi;
import dev.mooring.flasharray.sim.api.SessionStore;
import dev.mooring.flasharray.sim.api.model.ModelCatalog;
import dev.mooring.flasharray.sim.config.ArrayConfig;
import dev.mooring.flasharray.sim.config.ConfigException;
import dev.mooring.flasharray.sim.config.RestVersions;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import dev.mooring.flasharray.sim.domain.SimulatedFleet;
import dev.mooring.flasharray.sim.tls.SelfSignedCertificate;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Simulated FlashArrays speaking REST 2.x over HTTPS, one port per array, all in one process, plus an optional
 * admin HTTP API for fault injection. Start with {@link #start(SimulatorConfig)} (own Vert.x) or
 * {@link #start(SimulatorConfig, Vertx)}; {@link #close()} stops it.
 */
public final class FlashArraySimulator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FlashArraySimulator.class);

    private static final java.util.concurrent.atomic.AtomicInteger SHARED_RANDOM_PORT_IDS = new java.util.concurrent.atomic.AtomicInteger(1000);

    private final SimulatorConfig config;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final SimulatedFleet fleet;
    private final SessionStore sessions;
    private final FaultRegistry faults = new FaultRegistry();
    private final SelfSignedCertificate certificate;
    private final Map<String, ArrayServer> servers = new LinkedHashMap<>();
    private final AdminService admin;
    private HttpServer adminServer;
    private volatile boolean closed;

    private static final class ArrayServer {
        final String name;
        final ArrayApi api;
        volatile int port;
        final List<HttpServer> instances = new ArrayList<>();

        ArrayServer(String name, ArrayApi api, int port) {
            this.name = name;
            this.api = api;
            this.port = port;
        }
    }

    private FlashArraySimulator(SimulatorConfig config, Vertx vertx, boolean ownsVertx) {
        this.config = config;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.fleet = new SimulatedFleet(config);
        this.sessions = new SessionStore(config.clock(), config.sessionTtl());
        this.certificate = config.tls().certificateFile() != null
                ? SelfSignedCertificate.fromFiles(config.tls().certificateFile(), config.tls().keyFile())
                : SelfSignedCertificate.generate(config.bindHost());
        if (config.tls().writeCertificateTo() != null) {
            certificate.writeCertificate(config.tls().writeCertificateTo());
        }
        this.admin = new AdminService(fleet, sessions, faults, new ArrayListeners() {
            @Override
            public Future<Void> stop(String array) {
                return stopArray(array);
            }

            @Override
            public Future<Void> start(String array) {
                return startArray(array);
            }

            @Override
            public int port(String array) {
                ArrayServer s = servers.get(array);
                return s == null ? 0 : s.port;
            }
        });
    }

    /**
     * Every 2.x version an array lists must be one whose response models the simulator carries: answering a newer
     * version with older models would show clients a shape no real array of that version has.
     */
    static void checkModelledVersions(SimulatorConfig config, ModelCatalog models) {
        for (int i = 0; i < config.arrays().size(); i++) {
            for (String v : RestVersions.expand(config.arrays().get(i).restVersions())) {
                int key = RestVersions.key(v);
                if (key / 10000 == 2 && !models.covers(key)) {
                    throw new ConfigException("arrays[" + i + "].restVersions: " + v + " is newer than the newest REST version"
                            + " whose response models the simulator carries (" + RestVersions.format(models.newest()) + ")");
                }
            }
        }
    }

    /** Starts the simulator on a Vert.x instance of its own (closed by {@link #close()}). Blocking. */
    public static FlashArraySimulator start(SimulatorConfig config) {
        Vertx vertx = Vertx.vertx();
        try {
            return start(config, vertx, true);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Starts the simulator on the caller's Vert.x (left open by {@link #close()}). Blocking. */
    public static FlashArraySimulator start(SimulatorConfig config, Vertx vertx) {
        return start(config, vertx, false);
    }

    private static FlashArraySimulator start(SimulatorConfig config, Vertx vertx, boolean owns) {
        config.validate();
        checkModelledVersions(config, ModelCatalog.standard());
        FlashArraySimulator sim = new FlashArraySimulator(config, vertx, owns);
        try {
            for (ArrayConfig a : config.arrays()) {
                ArrayApi api = new ArrayApi(a.name(), sim.fleet, sim.sessions, sim.faults, vertx);
                sim.servers.put(a.name(), new ArrayServer(a.name(), api, a.port()));
            }
            for (ArrayConfig a : config.arrays()) {
                await(sim.startArray(a.name()));
            }
            if (config.admin().enabled()) {
                Router router = new AdminApi(sim.admin, config.admin().token()).router(vertx);
                sim.adminServer = await(vertx.createHttpServer(new HttpServerOptions().setHost(config.bindHost()).setPort(config.admin().port()))
                        .requestHandler(router).listen());
                LOG.infof("flasharray-sim admin API on %s", sim.adminUrl());
            }
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        return sim;
    }

    private HttpServerOptions serverOptions(int port) {
        return new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(certificate.certificatePem()))
                        .setKeyValue(Buffer.buffer(certificate.privateKeyPem())))
                .setHost(config.bindHost())
                .setPort(port)
                .setReuseAddress(true)
                .setTcpNoDelay(true)
                .setCompressionSupported(false);
    }

    private Router router(ArrayApi api) {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create().setBodyLimit(4L << 20).setHandleFileUploads(false));
        r.route().handler(api);
        return r;
    }

    private synchronized Future<Void> startArray(String name) {
        ArrayServer s = servers.get(name);
        if (s == null) {
            return Future.failedFuture(new IllegalArgumentException("unknown array '" + name + "'"));
        }
        if (!s.instances.isEmpty()) {
            return Future.succeededFuture();
        }
        int instances = config.effectiveServerInstances();
        // Port 0 = a free port. Vert.x shares one listening socket between servers only for a fixed port or a
        // negative "shared random port" id; a JVM-wide unique negative id keeps two simulators apart.
        int bindPort = s.port != 0 ? s.port : -SHARED_RANDOM_PORT_IDS.incrementAndGet();
        List<Future<HttpServer>> listening = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            HttpServer server = vertx.createHttpServer(serverOptions(bindPort)).requestHandler(router(s.api));
            s.instances.add(server);
            listening.add(server.listen());
        }
        return Future.all(listening).map(all -> {
            s.port = listening.get(0).result().actualPort();
            return all;
        }).<Void>mapEmpty().onSuccess(v -> {
            s.api.setServing(true);
            LOG.infof("flasharray-sim array=%s listening on https://%s", name, endpoint(name));
        }).onFailure(e -> LOG.errorf("flasharray-sim array=%s cannot listen on port %d: %s", name, s.port, e.getMessage()));
    }

    private synchronized Future<Void> stopArray(String name) {
        ArrayServer s = servers.get(name);
        if (s == null) {
            return Future.failedFuture(new IllegalArgumentException("unknown array '" + name + "'"));
        }
        s.api.setServing(false);
        List<Future<Void>> closing = new ArrayList<>();
        for (HttpServer h : s.instances) {
            closing.add(h.close());
        }
        s.instances.clear();
        return Future.all(closing).mapEmpty();
    }

    /** Names of the simulated arrays, in configuration order. */
    public List<String> arrayNames() {
        return List.copyOf(servers.keySet());
    }

    /** {@code host:port} of an array's management endpoint (what {@code pure.json}'s MgmtEndPoint holds). */
    public String endpoint(String array) {
        ArrayServer s = server(array);
        String host = config.bindHost();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::")) {
            host = "::1";
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + s.port;
    }

    /** {@code https://host:port} of an array. */
    public String baseUrl(String array) {
        return "https://" + endpoint(array);
    }

    /** The port an array listens on. */
    public int port(String array) {
        return server(array).port;
    }

    /** The first {@code array_admin} API token of an array. */
    public String apiToken(String array) {
        server(array);
        return config.array(array).firstAdminToken();
    }

    /** PEM of the serving certificate, so that clients can trust exactly it. */
    public String certificatePem() {
        return certificate.certificatePem();
    }

    /** {@code http://host:port} of the admin API; throws when the admin API is disabled. */
    public String adminUrl() {
        if (adminServer == null) {
            throw new IllegalStateException("the admin API is disabled (set admin.enabled: true)");
        }
        String host = config.bindHost().equals("0.0.0.0") ? "127.0.0.1" : config.bindHost();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + adminServer.actualPort();
    }

    /** The Java face of the admin API (available whether or not the HTTP admin API is enabled). */
    public SimulatorAdmin admin() {
        return admin;
    }

    /** Read access to the simulated state, for assertions. */
    public SimulatedFleet fleet() {
        return fleet;
    }

    public SimulatorConfig config() {
        return config;
    }

    private ArrayServer server(String array) {
        ArrayServer s = servers.get(array);
        if (s == null) {
            throw new IllegalArgumentException("unknown array '" + array + "'; arrays: " + servers.keySet());
        }
        return s;
    }

    /** Stops all listeners (blocking) and closes the Vert.x instance if the simulator created it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Future<Void>> closing = new ArrayList<>();
        for (String name : servers.keySet()) {
            closing.add(stopArray(name));
        }
        if (adminServer != null) {
            closing.add(adminServer.close());
        }
        try {
            if (!Context.isOnEventLoopThread()) {
                await(Future.all(closing));
            }
        } catch (RuntimeException e) {
            LOG.warnf("flasharray-sim: error while stopping: %s", e.getMessage());
        }
        if (ownsVertx) {
            if (Context.isOnEventLoopThread()) {
                vertx.close();
            } else {
                await(vertx.close());
            }
        }
    }

    private static <T> T await(Future<T> f) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("FlashArraySimulator blocking call on an event-loop thread");
        }
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("flasharray-sim: " + c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("flasharray-sim: timed out", e);
        }
    }
}
