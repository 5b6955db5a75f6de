package dev.mooring.flasharray.sim.admin;

import dev.mooring.flasharray.sim.api.SessionStore;
import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import dev.mooring.flasharray.sim.domain.FleetState;
import dev.mooring.flasharray.sim.domain.SimulatedFleet;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Implements the admin operations over the fleet, sessions, faults and listeners; used by Java and HTTP. */
public final class AdminService implements SimulatorAdmin {
    private static final Logger LOG = Logger.getLogger(AdminService.class);
    private final SimulatedFleet fleet;
    private final SessionStore sessions;
    private final FaultRegistry faults;
    private final ArrayListeners listeners;

    public AdminService(SimulatedFleet fleet, SessionStore sessions, FaultRegistry faults, ArrayListeners listeners) {
        this.fleet = fleet;
        this.sessions = sessions;
        this.faults = faults;
        this.listeners = listeners;
    }

    @Override
    public FleetState state() {
        return fleet.state(listeners::port);
    }

    @Override
    public void cutLink(String a, String b) {
        fleet.cutLink(a, b, null);
        LOG.infof("admin: link %s-%s cut", a, b);
    }

    @Override
    public void cutLink(String a, String b, boolean mediatorReachable) {
        fleet.cutLink(a, b, mediatorReachable);
        LOG.infof("admin: link %s-%s cut (mediator reachable=%s)", a, b, mediatorReachable);
    }

    @Override
    public void restoreLink(String a, String b) {
        fleet.restoreLink(a, b);
        LOG.infof("admin: link %s-%s restored", a, b);
    }

    /** Asynchronous form for the HTTP admin API (runs on an event loop). */
    public Future<Void> arrayDownAsync(String name) {
        fleet.array(name);
        fleet.setArrayUp(name, false);
        sessions.expire(name);
        LOG.infof("admin: array=%s down", name);
        return listeners.stop(name);
    }

    public Future<Void> arrayUpAsync(String name) {
        fleet.array(name);
        return listeners.start(name).onSuccess(v -> {
            fleet.setArrayUp(name, true);
            LOG.infof("admin: array=%s up", name);
        });
    }

    @Override
    public void arrayDown(String name) {
        await(arrayDownAsync(name));
    }

    @Override
    public void arrayUp(String name) {
        await(arrayUpAsync(name));
    }

    @Override
    public void mediatorUnreachable(String... arrays) {
        fleet.setMediatorReachable(Arrays.asList(arrays), false);
        LOG.infof("admin: mediator unreachable from %s", arrays.length == 0 ? "all arrays" : Arrays.toString(arrays));
    }

    @Override
    public void mediatorReachable(String... arrays) {
        fleet.setMediatorReachable(Arrays.asList(arrays), true);
        LOG.infof("admin: mediator reachable from %s", arrays.length == 0 ? "all arrays" : Arrays.toString(arrays));
    }

    @Override
    public String addFault(FaultSpec fault) {
        FaultSpec stored = faults.add(fault, Set.copyOf(fleet.arrayNames()));
        LOG.infof("admin: fault %s added: %s", stored.id(), stored);
        return stored.id();
    }

    @Override
    public List<FaultSpec> faults() {
        return faults.list();
    }

    @Override
    public Map<String, Long> faultsFired() {
        return faults.fired();
    }

    @Override
    public boolean removeFault(String id) {
        return faults.remove(id);
    }

    @Override
    public void clearFaults() {
        faults.clear();
    }

    @Override
    public void removeConnection(String array, String host, String volume) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host_names: required");
        }
        if (volume == null || volume.isBlank()) {
            throw new IllegalArgumentException("volume_names: required");
        }
        fleet.adminDisconnect(array, host, volume);
        LOG.infof("admin: array=%s host=%s volume=%s connection removed by hand", array, host, volume);
    }

    @Override
    public void setWrittenBytes(String array, String volume, long bytes) {
        fleet.setWritten(array, volume, bytes);
    }

    @Override
    public List<ConnectionEvent> connectionHistory(String array, String host, String volume, long afterSeq) {
        if (array != null) {
            fleet.array(array);
        }
        return fleet.connectionHistory(array, host, volume, afterSeq);
    }

    @Override
    public int expireSessions(String array) {
        if (array != null) {
            fleet.array(array);
        }
        return sessions.expire(array);
    }

    static <T> T await(Future<T> f) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking simulator call on an event-loop thread; use the admin HTTP API or a worker thread");
        }
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out", e);
        }
    }
}
