package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.Array;
import dev.mooring.flasharray.client.model.ArraySpace;
import io.smallrye.mutiny.Uni;

/** The array itself: identity, version and capacity ({@code /arrays}, {@code /arrays/space}). */
public final class ArraysApi {

    private final Transport transport;

    ArraysApi(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /arrays}: id, name, Purity version, capacity, timeouts. */
    public Uni<Array> get() {
        return transport.execute(Call.get("arrays").build(), transport.read.single(Array.class, "array"));
    }

    /** {@code GET /arrays/space}: capacity and use now; {@link ArraySpace#free()} = capacity − used. */
    public Uni<ArraySpace> space() {
        return transport.execute(Call.get("arrays/space").build(), transport.read.single(ArraySpace.class, "array space"));
    }
}
