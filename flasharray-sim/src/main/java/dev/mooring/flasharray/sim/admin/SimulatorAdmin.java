package dev.mooring.flasharray.sim.admin;

import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import dev.mooring.flasharray.sim.domain.FleetState;

import java.util.List;
import java.util.Map;

/**
 * The Java face of the admin API: the same operations as {@code /admin/v1/…}. Blocking methods (array
 * down/up) must not be called from a Vert.x event-loop thread. Invalid input throws
 * {@link IllegalArgumentException} whose message starts with the offending field.
 */
public interface SimulatorAdmin {

    /** Arrays (up/down, port), links (up/cut), Mediator reachability per array, pods with per-array status. */
    FleetState state();

    /** Cuts the replication link; the pods stretched over it race to the Mediator. */
    void cutLink(String a, String b);

    /** Cuts the link and, in the same instant, sets the Mediator's reachability from both arrays. */
    void cutLink(String a, String b, boolean mediatorReachable);

    void restoreLink(String a, String b);

    /** Stops the array's listener (connections refused or closed) and ends its sessions; counts as a cut link. */
    void arrayDown(String name);

    /** Starts the array's listener again on the same port; its pods resync. */
    void arrayUp(String name);

    /** The Mediator becomes unreachable from the named arrays (all when none named). */
    void mediatorUnreachable(String... arrays);

    void mediatorReachable(String... arrays);

    /** Adds a fault and returns its id. */
    String addFault(FaultSpec fault);

    List<FaultSpec> faults();

    /** How many requests each fault added since the start answered, by id (removed and used-up ones included). */
    Map<String, Long> faultsFired();

    boolean removeFault(String id);

    void clearFaults();

    /** Removes a connection "by hand" (history cause {@code admin}). */
    void removeConnection(String array, String host, String volume);

    /** How many bytes a volume holds: drives {@code space} of the volume and the array. */
    void setWrittenBytes(String array, String volume, long bytes);

    /** The connection history after {@code afterSeq}, filtered by array/host/volume when non-null. */
    List<ConnectionEvent> connectionHistory(String array, String host, String volume, long afterSeq);

    default List<ConnectionEvent> connectionHistory() {
        return connectionHistory(null, null, null, 0);
    }

    /** Ends the sessions of one array (all arrays when null) now; returns how many ended. */
    int expireSessions(String array);
}
