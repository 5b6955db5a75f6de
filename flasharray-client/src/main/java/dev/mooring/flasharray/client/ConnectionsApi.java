package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.flasharray.client.model.Page;
import dev.mooring.flasharray.client.query.Query;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Host (group) ↔ volume connections ({@code /connections}). "Connection already exists." surfaces as a
 * {@link dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException} with {@code isConnection()};
 * callers usually treat it as success and read the LUN with {@link #find(String, String)}.
 */
public final class ConnectionsApi {

    private static final int MAX_LUN = 4095;

    private final Transport transport;
    private final ListingApi<Connection> lister;

    ConnectionsApi(Transport transport) {
        this.transport = transport;
        this.lister = new ListingApi<>(transport, "connections", Connection.class, null) { };
    }

    /** Connects a volume to a host; the array picks the first free LUN from 1. */
    public Uni<Connection> connectHost(String host, String volume) {
        return connectHost(host, volume, null);
    }

    /** Connects a volume to a host with a given LUN (1–4095), or the array's choice when null. */
    public Uni<Connection> connectHost(String host, String volume, Integer lun) {
        Call c = Call.post("connections").param("host_names", host).param("volume_names", volume)
                .body(lunBody(lun)).build();
        return transport.execute(c, transport.read.single(Connection.class, host + "/" + volume));
    }

    /**
     * Connects a volume to every member of a host group with one shared LUN (the array picks from 254 down
     * when {@code lun} is null). The answer has one row per member host.
     */
    public Uni<List<Connection>> connectHostGroup(String hostGroup, String volume, Integer lun) {
        Call c = Call.post("connections").param("host_group_names", hostGroup).param("volume_names", volume)
                .body(lunBody(lun)).build();
        return transport.execute(c, transport.read.items(Connection.class));
    }

    public Uni<List<Connection>> connectHostGroup(String hostGroup, String volume) {
        return connectHostGroup(hostGroup, volume, null);
    }

    /** {@code DELETE /connections?host_names=…&volume_names=…}. */
    public Uni<Void> disconnectHost(String host, String volume) {
        return transport.execute(Call.delete("connections").param("host_names", host)
                .param("volume_names", volume).build(), ResponseReader.discard());
    }

    /** {@code DELETE /connections?host_group_names=…&volume_names=…}. */
    public Uni<Void> disconnectHostGroup(String hostGroup, String volume) {
        return transport.execute(Call.delete("connections").param("host_group_names", hostGroup)
                .param("volume_names", volume).build(), ResponseReader.discard());
    }

    /** Every connection of a host (including those through its host group), following continuation tokens. */
    public Uni<List<Connection>> listByHost(String host) {
        return all("host_names", host);
    }

    /** Every connection of a host group (one row per member host). */
    public Uni<List<Connection>> listByHostGroup(String hostGroup) {
        return all("host_group_names", hostGroup);
    }

    /** Every connection of a volume. */
    public Uni<List<Connection>> listByVolume(String volume) {
        return all("volume_names", volume);
    }

    /** One page of connections matching a query ({@code filter}, {@code limit}, token…). */
    public Uni<Page<Connection>> list(Query query) {
        return lister.list(query);
    }

    /** Every connection matching the query, following continuation tokens. */
    public Uni<List<Connection>> listAll(Query query) {
        return lister.listAll(query);
    }

    /** The connection between a host and a volume, if there is one. */
    public Uni<Optional<Connection>> find(String host, String volume) {
        return lister.streamWith(List.of(new String[] {"host_names", host}, new String[] {"volume_names", volume}),
                        Query.all())
                .collect().asList()
                .map(cs -> cs.stream().filter(c -> host.equals(c.hostName())).findFirst())
                .onFailure(FlashArrayNotFoundException.class).recoverWithItem(Optional.empty());
    }

    private Uni<List<Connection>> all(String param, String value) {
        return lister.streamWith(List.<String[]>of(new String[] {param, value}), Query.all()).collect().asList();
    }

    private static Map<String, Object> lunBody(Integer lun) {
        if (lun == null) {
            return Map.of();
        }
        if (lun < 1 || lun > MAX_LUN) {
            throw new IllegalArgumentException("LUN must be between 1 and " + MAX_LUN + ": " + lun);
        }
        return Map.of("lun", lun);
    }
}
