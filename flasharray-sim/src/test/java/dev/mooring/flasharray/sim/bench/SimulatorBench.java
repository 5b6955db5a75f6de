package dev.mooring.flasharray.sim.bench;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Throughput baseline of the simulator: volume creations/s and connections/s over HTTPS with a keep-alive
 * Vert.x WebClient and a fixed number of requests in flight. Not a test; run it as a main class:
 * <pre>
 * mvn -o -q -pl flasharray-sim test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * cd flasharray-sim &amp;&amp; java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     dev.mooring.flasharray.sim.bench.SimulatorBench --concurrency 32 --volumes 20000 --connections 20000
 * </pre>
 * Every request loop is bounded by its count and by a deadline, and talks only to 127.0.0.1.
 */
public final class SimulatorBench {
    private static final String VERSION = "2.36";

    private final Vertx vertx;
    private final WebClient web;
    private final int port;
    private String session;

    private SimulatorBench(Vertx vertx, WebClient web, int port) {
        this.vertx = vertx;
        this.web = web;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        int concurrency = intArg(args, "--concurrency", 32);
        int volumes = intArg(args, "--volumes", 20000);
        int connections = intArg(args, "--connections", 20000);
        int warmup = intArg(args, "--warmup", 3000);
        int instances = intArg(args, "--instances", 0);
        int clientLoops = intArg(args, "--client-event-loops", 1);
        long deadlineSeconds = intArg(args, "--deadline-seconds", 300);
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");

        SimulatorConfig cfg = SimulatorConfig.twoArraysWithStretchedPod().withServerInstancesPerArray(instances);
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(clientLoops));
        try (FlashArraySimulator sim = FlashArraySimulator.start(cfg)) {
            WebClient web = WebClient.create(clientVertx, new WebClientOptions()
                    .setSsl(true)
                    .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(sim.certificatePem())))
                    .setKeepAlive(true)
                    .setMaxPoolSize(concurrency)
                    .setPipelining(false)
                    .setDefaultHost("127.0.0.1")
                    .setDefaultPort(sim.port("array-a")));
            SimulatorBench bench = new SimulatorBench(clientVertx, web, sim.port("array-a"));
            bench.login(sim.apiToken("array-a"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds);
            System.out.printf("flasharray-sim bench: %d cores, concurrency %d, server instances per array %d, HTTPS keep-alive%n",
                    Runtime.getRuntime().availableProcessors(), concurrency, cfg.effectiveServerInstances());

            bench.run("warm-up volume creations", warmup, concurrency, deadline,
                    i -> bench.post("volumes?names=warm-" + i, new JsonObject().put("provisioned", 1073741824L)));
            Result vols = bench.run("volume creations", volumes, concurrency, deadline,
                    i -> bench.post("volumes?names=bench-vol-" + i, new JsonObject().put("provisioned", 10737418240L)));

            int hosts = Math.max(1, (connections + 4000) / 4000);
            for (int h = 0; h < hosts; h++) {
                bench.post("hosts?names=bench-host-" + h, new JsonObject().put("iqns",
                        new JsonArray().add("iqn.2024-01.dev.mooring:bench-host-" + h))).toCompletionStage().toCompletableFuture().get();
            }
            int connectable = Math.min(connections, volumes);
            Result conns = bench.run("connections", connectable, concurrency, deadline,
                    i -> bench.post("connections?host_names=bench-host-" + (i % hosts) + "&volume_names=bench-vol-" + i, null));
            Result reads = bench.run("GET volumes?names=", Math.min(volumes, 20000), concurrency, deadline,
                    i -> bench.get("volumes?names=bench-vol-" + i));

            System.out.println();
            System.out.println("RESULT " + vols);
            System.out.println("RESULT " + conns);
            System.out.println("RESULT " + reads);
            web.close();
        } finally {
            clientVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private record Result(String what, int ok, int failed, double seconds, long p50Micros, long p99Micros) {
        @Override
        public String toString() {
            return String.format("%-22s %7d ok %4d failed in %6.2f s = %8.0f /s   latency p50 %.2f ms p99 %.2f ms",
                    what, ok, failed, seconds, ok / seconds, p50Micros / 1000.0, p99Micros / 1000.0);
        }
    }

    private Result run(String what, int count, int concurrency, long deadline, IntFunction<Future<HttpResponse<Buffer>>> op) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger launched = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long[] latencies = new long[count];
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long start = System.nanoTime();
        Runnable[] launch = new Runnable[1];
        launch[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count || System.nanoTime() > deadline) {
                return;
            }
            launched.incrementAndGet();
            long t0 = System.nanoTime();
            op.apply(i).onComplete(ar -> {
                latencies[done.get()] = (System.nanoTime() - t0) / 1000;
                if (ar.failed() || ar.result().statusCode() != 200) {
                    if (failed.getAndIncrement() < 3) {
                        System.out.println("  failure: " + (ar.failed() ? ar.cause() : ar.result().bodyAsString()));
                    }
                }
                done.incrementAndGet();
                launch[0].run();
                if (done.get() == launched.get()) {
                    finished.complete(null);
                }
            });
        };
        // all launching and completion handling on the client's single event loop: no races on the counters
        vertx.runOnContext(v -> {
            for (int k = 0; k < Math.min(concurrency, count); k++) {
                launch[0].run();
            }
            if (launched.get() == 0) {
                finished.complete(null);
            }
        });
        finished.get(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()) + 30), TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        int completed = done.get();
        long[] lat = Arrays.copyOf(latencies, completed);
        Arrays.sort(lat);
        Result r = new Result(what, completed - failed.get(), failed.get(), seconds,
                lat.length == 0 ? 0 : lat[lat.length / 2], lat.length == 0 ? 0 : lat[(int) Math.min(lat.length - 1, lat.length * 0.99)]);
        System.out.println("  " + r);
        return r;
    }

    private void login(String token) throws Exception {
        HttpResponse<Buffer> r = web.post(port, "127.0.0.1", "/api/" + VERSION + "/login").putHeader("api-token", token).send()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + r.statusCode());
        }
        session = r.getHeader("x-auth-token");
    }

    private Future<HttpResponse<Buffer>> post(String pathAndQuery, JsonObject body) {
        var req = web.post(port, "127.0.0.1", "/api/" + VERSION + "/" + pathAndQuery).putHeader("x-auth-token", session);
        return body == null ? req.send() : req.sendJsonObject(body);
    }

    private Future<HttpResponse<Buffer>> get(String pathAndQuery) {
        return web.get(port, "127.0.0.1", "/api/" + VERSION + "/" + pathAndQuery).putHeader("x-auth-token", session).send();
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }
}
