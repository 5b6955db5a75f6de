package dev.mooring.attach.array;

import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.HostAdoption;
import dev.mooring.attach.domain.InitiatorChange;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayDestroyedException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayInUseException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.flasharray.client.model.Host;
import dev.mooring.flasharray.client.model.Port;
import dev.mooring.flasharray.client.query.Filter;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.flasharray.client.request.HostCreate;
import dev.mooring.flasharray.client.request.Initiators;
import dev.mooring.kit.arrays.ArrayCalls;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.ArrayResult;
import dev.mooring.kit.arrays.ArraysConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The array side of attach and detach, as small steps that are safe to repeat: ensure a node's host (create it,
 * or bring its initiators in line), connect a volume to it, disconnect and check that nothing is left, read the
 * targets. Each step reads before it writes, so the kit's {@link ArrayCalls} runs it again whole after a failure
 * that may have happened or was not applied (429, a dropped connection), up to {@code mooring.arrays.attempts}
 * times; a race with another creator and a connection still listed after its removal are retried the same way; a
 * refusal is final at once. Failures come out as {@link ArrayStepException} with a reason for {@code AttachFailed}.
 */
@ApplicationScoped
public class ArraySteps {

    private static final Logger LOG = Logger.getLogger(ArraySteps.class);

    @Inject
    ArrayDirectory directory;

    @Inject
    AttachConfig config;

    @Inject
    ArrayCalls calls;

    @Inject
    ArraysConfig arrays;

    @Inject
    Clock clock;

    private record CachedTargets(Targets targets, Instant readAt) {
    }

    private final Map<String, CachedTargets> targets = new ConcurrentHashMap<>();

    /** The array's client, or {@code ArrayNotRegistered}. */
    public FlashArrayClient client(String array) {
        return directory.client(array).orElseThrow(() -> new ArrayStepException(AttachFailureReason.ArrayNotRegistered,
                "Array " + array + " is not registered (not in pure.json, or it did not answer at registration)"));
    }

    /** Whether the array is registered now. */
    public boolean registered(String array) {
        return directory.client(array).isPresent();
    }

    // ------------------------------------------------------------------ hosts

    /**
     * Makes the node's host exist on the array with exactly the node's initiators.
     *
     * @param ours whether Mooring has a record of this host (made or adopted earlier); a host of that name that
     *             is not ours is used only when {@link HostAdoption} allows it
     */
    public Uni<HostOutcome> ensureHost(String array, String host, String node, NodeInitiators initiators, boolean ours) {
        return Uni.createFrom().deferred(() -> ensureHost(client(array), array, host, node, initiators, ours));
    }

    private Uni<HostOutcome> ensureHost(FlashArrayClient client, String array, String host, String node,
                                        NodeInitiators initiators, boolean ours) {
        return step("host " + host + " on " + array, () -> client.hosts().find(host).chain(found -> {
            if (found.isEmpty()) {
                return client.hosts().create(HostCreate.named(host).withInitiators(toInitiators(initiators)))
                        .replaceWith(HostOutcome.created)
                        .onFailure(FlashArrayInUseException.class).recoverWithUni(e ->
                                initiatorInUse(client, array, host, node, initiators, e));
            }
            Host existing = found.get();
            NodeInitiators onHost = new NodeInitiators(existing.iqns(), existing.wwns());
            boolean adopting = !ours;
            if (adopting && !HostAdoption.mayAdopt(onHost, initiators)) {
                return Uni.createFrom().failure(new ArrayStepException(AttachFailureReason.HostNameTaken,
                        "Host " + host + " on array " + array + " exists with initiators " + describe(onHost)
                                + " that are not node " + node + "'s " + describe(initiators)
                                + "; Mooring does not use a host it did not make. Rename or delete it on the array"));
            }
            InitiatorChange change = InitiatorChange.between(onHost, initiators);
            if (change.isEmpty()) {
                return Uni.createFrom().item(adopting ? HostOutcome.adopted : HostOutcome.unchanged);
            }
            LOG.infof("node=%s array=%s host=%s initiators change: +%s%s -%s%s", node, array, host,
                    change.addIqns(), change.addWwns(), change.removeIqns(), change.removeWwns());
            // Add first: when an initiator is refused as in use, nothing has been taken away yet.
            Uni<Void> add = !change.adds() ? Uni.createFrom().voidItem()
                    : client.hosts().addInitiators(host, new Initiators(change.addIqns(), change.addWwns(), null))
                    .replaceWithVoid()
                    .onFailure(FlashArrayInUseException.class).recoverWithUni(e ->
                            initiatorInUse(client, array, host, node, initiators, e).replaceWithVoid());
            return add.chain(() -> !change.removes() ? Uni.createFrom().voidItem()
                            : client.hosts().removeInitiators(host,
                                    new Initiators(change.removeIqns(), change.removeWwns(), null)).replaceWithVoid())
                    .replaceWith(adopting ? HostOutcome.adopted : HostOutcome.changed);
        }));
    }

    /** Every host on the array (one listing). */
    public Uni<List<Host>> hosts(String array) {
        return Uni.createFrom().deferred(() -> {
            FlashArrayClient client = client(array);
            return read("listing the hosts of array " + array, () -> client.hosts().listAll());
        });
    }

    /**
     * Deletes the host ({@code DELETE /hosts?names=}) only when it has no connection and is in no host group, read
     * just before; a missing host counts as gone. The array itself refuses to delete a host with connections, so a
     * connection made in between is never lost.
     */
    public Uni<HostDeletion> deleteHost(String array, String host) {
        return Uni.createFrom().deferred(() -> {
            FlashArrayClient client = client(array);
            return step("deletion of host " + host + " on " + array, () -> client.hosts().find(host).chain(found -> {
                if (found.isEmpty()) {
                    return Uni.createFrom().item(HostDeletion.gone);
                }
                Host existing = found.get();
                if (existing.hostGroupName() != null
                        || (existing.connectionCount() != null && existing.connectionCount() > 0)) {
                    return Uni.createFrom().item(HostDeletion.inUse);
                }
                return client.connections().listByHost(host).chain(connections -> !connections.isEmpty()
                        ? Uni.createFrom().item(HostDeletion.inUse)
                        : client.hosts().delete(host).replaceWith(HostDeletion.deleted)
                                .onFailure(FlashArrayNotFoundException.class).recoverWithItem(HostDeletion.gone));
            }));
        });
    }

    /**
     * Takes every initiator (IQN, WWN, NQN) off the host, so that nothing connected to it later — a connect still on
     * the wire when its caller gave up — gives any initiator access; then reads the host again to check. A missing
     * host counts as stripped.
     *
     * @return the initiators taken away now (empty when there were none)
     */
    public Uni<NodeInitiators> stripInitiators(String array, String host) {
        return Uni.createFrom().deferred(() -> {
            FlashArrayClient client = client(array);
            return step("initiators of host " + host + " on " + array, () -> client.hosts().find(host).chain(found -> {
                if (found.isEmpty() || (found.get().iqns().isEmpty() && found.get().wwns().isEmpty()
                        && found.get().nqns().isEmpty())) {
                    return Uni.createFrom().item(NodeInitiators.none());
                }
                NodeInitiators had = new NodeInitiators(found.get().iqns(), found.get().wwns());
                return client.hosts().replaceInitiators(host, new Initiators(List.of(), List.of(), List.of()))
                        .chain(() -> client.hosts().find(host)).map(after -> {
                            if (after.isPresent() && !(after.get().iqns().isEmpty() && after.get().wwns().isEmpty()
                                    && after.get().nqns().isEmpty())) {
                                throw new ReadAgainException("Host " + host + " on " + array
                                        + " still has initiators after they were removed");
                            }
                            return had;
                        });
            }));
        });
    }

    /** Fails with {@code InitiatorInUse}, naming the initiator, the host that has it and the host that wanted it. */
    private <T> Uni<T> initiatorInUse(FlashArrayClient client, String array, String host, String node,
                                      NodeInitiators initiators, Throwable cause) {
        List<Uni<List<String>>> owners = new ArrayList<>();
        for (String iqn : initiators.iqns()) {
            owners.add(ownersOf(client, "iqns", iqn, host).map(hs -> hs.stream().map(h -> "IQN " + iqn
                    + " is already used by host " + h).toList()));
        }
        for (String wwn : initiators.wwns()) {
            owners.add(ownersOf(client, "wwns", wwn, host).map(hs -> hs.stream().map(h -> "WWN " + wwn
                    + " is already used by host " + h).toList()));
        }
        String arrayMessage = cause instanceof FlashArrayException f ? f.arrayMessage().orElse(f.getMessage())
                : cause.getMessage();
        return Uni.join().all(owners).andCollectFailures()
                .map(lists -> lists.stream().flatMap(List::stream).toList())
                .onFailure().recoverWithItem(List.of())
                .chain(found -> Uni.createFrom().failure(new ArrayStepException(AttachFailureReason.InitiatorInUse,
                        "On array " + array + ", " + (found.isEmpty() ? arrayMessage : String.join("; ", found))
                                + ", so it cannot be given to host " + host + " of node " + node
                                + ". Remove it from that host on the array, or correct the node's initiators")));
    }

    private static Uni<List<String>> ownersOf(FlashArrayClient client, String field, String initiator, String except) {
        return client.hosts().listAll(Query.filter(Filter.eq(field, initiator)))
                .map(hosts -> hosts.stream().map(Host::name).filter(n -> !n.equalsIgnoreCase(except)).toList());
    }

    // ------------------------------------------------------------------ connections

    /** A connection of a volume to a host and whether this call made it. */
    public record Connected(int lun, boolean made) {
    }

    /**
     * Connects the volume to the host. "Connection already exists." is success (the LUN is read); after a
     * failure that may have happened the connection is looked up before anything is sent again.
     */
    public Uni<Connected> connect(String array, String host, String volume) {
        return Uni.createFrom().deferred(() -> connect(client(array), array, host, volume));
    }

    private Uni<Connected> connect(FlashArrayClient client, String array, String host, String volume) {
        return step("connection " + host + "/" + volume + " on " + array, () -> client.connections()
                .find(host, volume)
                .chain(existing -> {
                    if (existing.isPresent()) {
                        return Uni.createFrom().item(new Connected(lunOf(existing.get()), false));
                    }
                    return client.connections().connectHost(host, volume)
                            .map(c -> new Connected(lunOf(c), true))
                            .onFailure(e -> e instanceof FlashArrayAlreadyExistsException a && a.isConnection())
                            .recoverWithUni(() -> client.connections().find(host, volume).map(c -> new Connected(
                                    lunOf(c.orElseThrow(() -> new IllegalStateException("Connection " + host + "/"
                                            + volume + " on " + array + " exists and cannot be read"))), false)));
                }));
    }

    /**
     * Removes the connection of the volume to the host and checks on the array that it is gone. A missing
     * connection, host or volume counts as gone.
     *
     * @return true when this call removed a connection, false when there was none
     */
    public Uni<Boolean> disconnect(String array, String host, String volume) {
        return Uni.createFrom().deferred(() -> disconnect(client(array), array, host, volume));
    }

    private Uni<Boolean> disconnect(FlashArrayClient client, String array, String host, String volume) {
        return step("disconnection " + host + "/" + volume + " on " + array, () -> client.connections()
                .find(host, volume)
                .chain(existing -> {
                    if (existing.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    if (existing.get().isShared()) {
                        return Uni.createFrom().failure(new ArrayStepException(AttachFailureReason.ArrayRefused,
                                "Host " + host + " sees volume " + volume + " on array " + array + " through host group "
                                        + existing.get().hostGroupName()
                                        + ", which Mooring did not make; remove that connection on the array"));
                    }
                    return client.connections().disconnectHost(host, volume).replaceWith(true)
                            .onFailure(FlashArrayNotFoundException.class).recoverWithItem(false)
                            .chain(removed -> client.connections().find(host, volume).map(left -> {
                                if (left.isPresent()) {
                                    throw new ReadAgainException("Connection " + host + "/" + volume + " on "
                                            + array + " is still there after it was removed");
                                }
                                return removed;
                            }));
                }));
    }

    /** Every connection on the array. */
    public Uni<List<Connection>> connections(String array) {
        return Uni.createFrom().deferred(() -> {
            FlashArrayClient client = client(array);
            return read("listing the connections of array " + array, () -> client.connections().listAll(Query.all()));
        });
    }

    // ------------------------------------------------------------------ targets

    /** The array's iSCSI and FC targets, read at most once per {@code ports-cache-ttl}. */
    public Uni<Targets> targets(String array) {
        CachedTargets cached = targets.get(array);
        if (cached != null && clock.instant().isBefore(cached.readAt().plus(config.portsCacheTtl()))) {
            return Uni.createFrom().item(cached.targets());
        }
        return Uni.createFrom().deferred(() -> {
            FlashArrayClient client = client(array);
            return read("reading the target ports of array " + array, () -> client.ports().listAll());
        }).map(ports -> {
            Set<String> iqns = new LinkedHashSet<>();
            Set<String> portals = new LinkedHashSet<>();
            Set<String> wwns = new LinkedHashSet<>();
            for (Port p : ports) {
                if (p.isIscsi()) {
                    iqns.add(p.iqn());
                    if (p.portal() != null && !p.portal().isBlank()) {
                        portals.add(p.portal());
                    }
                } else if (p.isFc()) {
                    wwns.add(p.wwn());
                }
            }
            Targets t = new Targets(iqns.stream().findFirst().orElse(null), List.copyOf(portals), List.copyOf(wwns));
            targets.put(array, new CachedTargets(t, clock.instant()));
            return t;
        });
    }

    // ------------------------------------------------------------------ attempts

    /** A step found the array in a passing state (a creator raced it, a removed connection still listed): read again. */
    static final class ReadAgainException extends RuntimeException {
        ReadAgainException(String message) {
            super(message);
        }
    }

    /**
     * Runs a step (which reads before it writes) through the kit's {@link ArrayCalls}: again, whole, after failures
     * that may have happened or were not applied; a refusal, or the last failure, becomes an
     * {@link ArrayStepException}. A step's own {@link ArrayStepException} (host name taken, initiator in use) is final.
     */
    private <T> Uni<T> step(String what, Supplier<Uni<T>> step) {
        return calls.operation(what, () -> step.get()
                        .onFailure(FlashArrayAlreadyExistsException.class).transform(e -> new ReadAgainException(
                                what + ": " + message((FlashArrayException) e))))
                .retryingOn(ReadAgainException.class::isInstance)
                .run()
                .map(result -> valueOf(result, what))
                .onFailure(e -> !(e instanceof ArrayStepException)).transform(e ->
                        new ArrayStepException(AttachFailureReason.ArrayUnavailable, what + " did not succeed: "
                                + e.getMessage()));
    }

    /**
     * A read (a listing): once, through {@link ArrayCalls} for its classification — the client already retries a
     * read that was not applied, and a caller that lists several arrays must not wait out every attempt on one.
     */
    private <T> Uni<T> read(String what, Supplier<Uni<T>> call) {
        return calls.operation(what, call).attempts(1, arrays.retryBackoff()).run()
                .map(result -> valueOf(result, what));
    }

    private static <T> T valueOf(ArrayResult<T> result, String what) {
        if (result instanceof ArrayResult.Done<T> done) {
            return done.value();
        }
        if (result instanceof ArrayResult.Refused<T> refused) {
            throw refused.cause() instanceof FlashArrayDestroyedException destroyed
                    ? new ArrayStepException(AttachFailureReason.VolumeDeleted, what + ": " + message(destroyed))
                    : new ArrayStepException(AttachFailureReason.ArrayRefused, refused.message());
        }
        throw new ArrayStepException(AttachFailureReason.ArrayUnavailable,
                ((ArrayResult.Unavailable<T>) result).message());
    }

    private static String message(FlashArrayException e) {
        return e.arrayMessage().orElse(e.getMessage());
    }

    private static int lunOf(Connection c) {
        return c.lun() == null ? (c.nsid() == null ? 0 : c.nsid()) : c.lun();
    }

    private static Initiators toInitiators(NodeInitiators n) {
        return new Initiators(n.iqns().isEmpty() ? null : n.iqns(), n.wwns().isEmpty() ? null : n.wwns(), null);
    }

    private static String describe(NodeInitiators n) {
        List<String> all = new ArrayList<>(n.iqns());
        all.addAll(n.wwns());
        return all.isEmpty() ? "(none)" : all.toString();
    }

    /** For tests and the REST view: drops cached targets. */
    public void forgetTargets() {
        targets.clear();
    }

    Optional<Targets> cachedTargets(String array) {
        return Optional.ofNullable(targets.get(array)).map(CachedTargets::targets);
    }
}
