package dev.mooring.devstack;

import dev.mooring.flasharray.client.ApiToken;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.TlsTrust;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.query.Filter;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.flasharray.client.request.VolumeCreate;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated arrays seen from outside, through {@code flasharray-client} over HTTPS with the same
 * token and certificate the services use: what is really on the array, independent of Mooring's database.
 */
public final class SimulatedArrays implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final Map<String, FlashArrayClient> clients = new LinkedHashMap<>();

    private SimulatedArrays(Vertx vertx) {
        this.vertx = vertx;
    }

    /** One client (one session) per simulated array of the stack, {@code maxConcurrent} requests each. */
    public static SimulatedArrays connect(Stack stack, int maxConcurrent) {
        SimulatedArrays arrays = new SimulatedArrays(Vertx.vertx());
        for (Stack.SimulatedArray array : stack.simulatedArrays()) {
            arrays.clients.put(array.name(), FlashArrayClient.builder()
                    .vertx(arrays.vertx)
                    .endpoint(array.endpoint())
                    .apiToken(ApiToken.of(array.apiToken()))
                    .trust(TlsTrust.pemFile(stack.arraysCertificate()))
                    .maxConcurrentRequests(maxConcurrent)
                    .build());
        }
        return arrays;
    }

    public List<String> names() {
        return List.copyOf(clients.keySet());
    }

    public FlashArrayClient client(String array) {
        FlashArrayClient client = clients.get(array);
        if (client == null) {
            throw new IllegalArgumentException("No simulated array " + array + " (arrays: " + clients.keySet() + ")");
        }
        return client;
    }

    /** The volume of that (qualified) name on the array, destroyed or not; empty when there is none. */
    public Optional<Volume> find(String array, String name) {
        return client(array).volumes().find(name).await().atMost(WAIT);
    }

    /** Every volume on the array whose name starts with {@code prefix} (pod volumes: {@code pod::prefix}). */
    public List<Volume> volumesStartingWith(String array, String prefix) {
        return client(array).volumes().listAll(Query.filter(Filter.eq("name", prefix + "*"))).await().atMost(WAIT);
    }

    public Volume create(String array, String name, long bytes) {
        return client(array).volumes().create(VolumeCreate.of(name, bytes)).await().atMost(WAIT);
    }

    /** Destroys and eradicates a volume (the bench's own volumes: nothing to keep). */
    public void destroyAndEradicate(String array, String name) {
        client(array).volumes().destroy(name).chain(() -> client(array).volumes().eradicate(name)).await().atMost(WAIT);
    }

    @Override
    public void close() {
        for (FlashArrayClient client : clients.values()) {
            try {
                client.close().await().atMost(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                // best effort logout
            }
        }
        vertx.closeAndAwait();
    }
}
