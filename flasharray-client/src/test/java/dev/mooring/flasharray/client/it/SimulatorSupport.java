package dev.mooring.flasharray.client.it;

import dev.mooring.flasharray.client.ApiToken;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.RetryPolicy;
import dev.mooring.flasharray.client.TlsTrust;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Starts the FlashArray simulator in-process (its own Vert.x, HTTPS with its own certificate) once per test
 * class, and builds clients on a separate Vert.x as a service would.
 */
public abstract class SimulatorSupport {

    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final String A = "array-a";
    public static final String B = "array-b";

    public static FlashArraySimulator sim;
    public static Vertx vertx;
    private final List<FlashArrayClient> clients = new ArrayList<>();

    /** One Vert.x for the clients; each test class starts its simulator with {@link #startSimulator}. */
    @BeforeAll
    public static void startDefault() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
    }

    public static void startSimulator(SimulatorConfig config) {
        if (sim != null) {
            sim.close();
        }
        sim = FlashArraySimulator.start(config);
    }

    @AfterEach
    public void closeClients() {
        for (FlashArrayClient c : clients) {
            c.close().onFailure().recoverWithNull().await().atMost(WAIT);
        }
        clients.clear();
        if (sim != null) {
            sim.admin().clearFaults();
        }
    }

    @AfterAll
    public static void stopAll() {
        if (sim != null) {
            sim.close();
            sim = null;
        }
        if (vertx != null) {
            vertx.closeAndAwait();
            vertx = null;
        }
    }

    /** Fast retries for tests: 5 ms doubling to 50 ms. */
    public static RetryPolicy fastRetries() {
        return RetryPolicy.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(50)).build();
    }

    public FlashArrayClient.Builder builder(String array) {
        return FlashArrayClient.builder()
                .vertx(vertx)
                .endpoint(sim.endpoint(array))
                .apiToken(ApiToken.of(sim.apiToken(array)))
                .trust(TlsTrust.pem(sim.certificatePem()))
                .retryPolicy(fastRetries())
                .requestTimeout(Duration.ofSeconds(10));
    }

    public FlashArrayClient client(String array) {
        return client(array, b -> b);
    }

    public FlashArrayClient client(String array, UnaryOperator<FlashArrayClient.Builder> custom) {
        FlashArrayClient c = custom.apply(builder(array)).build();
        clients.add(c);
        return c;
    }

    public static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    /** The failure of a Uni that must fail with a FlashArrayException. */
    public static FlashArrayException failure(Uni<?> uni) {
        try {
            uni.await().atMost(WAIT);
        } catch (FlashArrayException e) {
            return e;
        }
        throw new AssertionError("expected a FlashArrayException");
    }

    /** A unique, valid FlashArray name. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
