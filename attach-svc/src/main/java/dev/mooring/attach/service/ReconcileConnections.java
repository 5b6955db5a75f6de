package dev.mooring.attach.service;

import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.AttachmentState;
import dev.mooring.attach.domain.ConnectionReconciliation;
import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.domain.ConnectionReconciliation.Action;
import dev.mooring.attach.domain.ConnectionReconciliation.OwnedHost;
import dev.mooring.attach.domain.ConnectionReconciliation.OwnedVolume;
import dev.mooring.attach.domain.ConnectionReconciliation.Present;
import dev.mooring.attach.domain.ConnectionReconciliation.Repair;
import dev.mooring.attach.domain.ConnectionReconciliation.VolumeOnNode;
import dev.mooring.attach.domain.ConnectionReconciliation.Wanted;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.repository.Attachment;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.Drive;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.NodeLivenessRepository;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeHostRepository;
import dev.mooring.attach.repository.NodeInitiatorsRecord;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import dev.mooring.flasharray.client.FlashArrayNames;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.kit.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The reconciliation loop. Each pass reads every registered array's connections first and attach-svc's own
 * state second (so a connection made meanwhile is already known as wanted or in flight), lets
 * {@link ConnectionReconciliation} decide, and repairs: a wanted connection removed by hand is restored, a
 * connection of a Mooring volume to a Mooring host that nothing wants is removed — each reported as
 * {@code ConnectionHealed} and counted in {@code mooring.connections.healed}. Each repair is checked against a
 * fresh read of the attachments just before it is made. The pass also tries again detaches that could not
 * finish and VolumeAttachments whose attach failed, and brings hosts' initiators in line with their nodes.
 */
@ApplicationScoped
public class ReconcileConnections {

    private static final Logger LOG = Logger.getLogger(ReconcileConnections.class);
    /** Failures that an event (not the clock) wakes: the holder's detach, initiators, the volume becoming known. */
    private static final List<String> WOKEN_BY_EVENTS = List.of(AttachFailureReason.HeldByAnotherNode.name(),
            AttachFailureReason.NoInitiators.name(), AttachFailureReason.VolumeUnknown.name(),
            AttachFailureReason.VolumeDeleted.name(), AttachFailureReason.NodeFenced.name());

    @Inject
    ArrayDirectory directory;

    @Inject
    ArraySteps steps;

    @Inject
    AttachmentRepository attachments;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    NodeHostRepository hosts;

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    DriveRepository drives;

    @Inject
    NodeLivenessRepository liveness;

    @Inject
    TakeoverRepository takeovers;

    @Inject
    Outbox outbox;

    @Inject
    AttachmentEvents events;

    @Inject
    AttachmentPathsJson pathsJson;

    @Inject
    DetachVolume detach;

    @Inject
    RequestAttachment requests;

    @Inject
    SyncNodeHosts syncHosts;

    @Inject
    SafeContext safeContext;

    @Inject
    NodeGuard guard;

    @Inject
    MeterRegistry metrics;

    @Inject
    Vertx vertx;

    @Inject
    AttachConfig config;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopping;
    private long timer = -1;

    /** What one pass did. */
    public record Report(String passId, List<String> arraysRead, List<Repair> repairs, int detachesRetried,
                         int attachesRetried, int hostsUpdated, boolean skipped) {
    }

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
    private volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    void start(@Observes StartupEvent event) {
        if (!config.reconcile().enabled()) {
            LOG.info("Reconciliation loop off (mooring.attach.reconcile.enabled=false)");
            return;
        }
        timer = vertx.setPeriodic(config.reconcile().interval().toMillis(), id -> pass().subscribe().with(
                report -> { },
                error -> {
                    if (!stopping) {
                        LOG.warnf("Reconciliation pass failed, the next one tries again: %s", error.toString());
                    }
                }));
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // Let a pass in flight finish before the database pool closes under it (bounded: shutdown must end).
        try {
            inFlight.get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Reconciliation pass did not end cleanly before shutdown: %s", e.toString());
        }
    }

    /** Runs one pass now (skipped when one is running). */
    public Uni<Report> pass() {
        if (stopping || !running.compareAndSet(false, true)) {
            return Uni.createFrom().item(new Report(null, List.of(), List.of(), 0, 0, 0, true));
        }
        String passId = "reconcile-" + UUID.randomUUID();
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight = done;
        return safeContext.run(() -> {
            MDC.put("correlationId", passId);
            return run(passId);
        }).eventually(() -> {
            running.set(false);
            done.complete(null);
        });
    }

    private record ArrayRead(String array, List<Connection> connections) {
    }

    /**
     * @param leftAlone nodes whose connections reconciliation neither restores nor removes: offline (waiting for
     *                  recovery or takeover) or the failed node of a takeover under way (fenced)
     */
    private record State(List<KnownVolume> volumes, List<NodeHost> hosts, List<Attachment> attached,
                         List<Attachment> inFlight, Map<String, NodeInitiatorsRecord> nodes, List<Drive> drives,
                         Set<String> leftAlone) {
    }

    /** Drive repairs carry this prefix before the drive's id in {@code Repair.volumeId}. */
    static final String DRIVE = "drive:";

    private Uni<Report> run(String passId) {
        List<String> arrays = directory.arrays().stream().filter(RegisteredArray::registered)
                .map(RegisteredArray::name).sorted().toList();
        List<Uni<ArrayRead>> reads = arrays.stream().map(array -> steps.connections(array)
                .map(cs -> new ArrayRead(array, cs))
                .onFailure().recoverWithItem(e -> {
                    LOG.infof("array=%s connections not read this pass: %s", array, e.getMessage());
                    return new ArrayRead(array, null);
                })).toList();
        Uni<List<ArrayRead>> all = reads.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(reads).andFailFast();
        return all.chain(read -> Panache.withSession(this::state).chain(state -> {
            List<Repair> plan = ConnectionReconciliation.plan(snapshot(read, state));
            List<String> arraysRead = read.stream().filter(r -> r.connections() != null).map(ArrayRead::array).toList();
            return repairAll(plan, state, passId)
                    .chain(done -> retryDetaches().chain(detaches -> retryAttaches(passId)
                            .chain(attaches -> syncAllHosts(state).map(synced -> new Report(passId, arraysRead, done,
                                    detaches, attaches, synced, false)))));
        })).invoke(report -> {
            if (!report.repairs().isEmpty() || report.detachesRetried() > 0 || report.attachesRetried() > 0
                    || report.hostsUpdated() > 0) {
                LOG.infof("Reconciliation %s: %d repair(s) %s, %d detach(es) and %d attach(es) tried again,"
                                + " %d host(s) updated", passId, report.repairs().size(), report.repairs(),
                        report.detachesRetried(), report.attachesRetried(), report.hostsUpdated());
            }
        });
    }

    private Uni<State> state() {
        return volumes.listAll().chain(vs -> hosts.listAll().chain(hs -> attachments.attached()
                .chain(attached -> attachments.inFlight().chain(inFlight -> nodes.listAll().chain(ns -> leftAlone()
                        .chain(alone -> drives.inStates(List.of(DriveState.Attached)).map(ds -> {
                            Map<String, NodeInitiatorsRecord> byName = new HashMap<>();
                            ns.forEach(n -> byName.put(n.nodeName, n));
                            return new State(vs, hs, attached, inFlight, byName, ds, alone);
                        })))))));
    }

    /** Offline nodes and the failed nodes of unfinished takeovers, in the caller's session. */
    private Uni<Set<String>> leftAlone() {
        return liveness.offlineNodes().chain(offline -> takeovers.unfinished().map(open -> {
            Set<String> all = new HashSet<>(offline);
            open.forEach(t -> all.add(t.failedNode));
            return all;
        }));
    }

    private static ConnectionReconciliation.Snapshot snapshot(List<ArrayRead> read, State state) {
        Set<String> arraysRead = new HashSet<>();
        List<Present> present = new ArrayList<>();
        for (ArrayRead r : read) {
            if (r.connections() == null) {
                continue;
            }
            arraysRead.add(r.array());
            for (Connection c : r.connections()) {
                if (c.hostName() != null && c.volumeName() != null) {
                    present.add(new Present(r.array(), c.hostName(), c.hostGroupName(), c.volumeName(), c.lun()));
                }
            }
        }
        Map<String, KnownVolume> byId = new HashMap<>();
        List<OwnedVolume> owned = new ArrayList<>();
        for (KnownVolume v : state.volumes()) {
            byId.put(v.volumeId, v);
            if (v.arrayVolumeName != null) {
                v.arrayList().forEach(a -> owned.add(new OwnedVolume(a, v.arrayVolumeName, v.volumeId)));
            }
        }
        Map<String, String> hostNames = new HashMap<>();
        List<OwnedHost> ownedHosts = new ArrayList<>();
        for (NodeHost h : state.hosts()) {
            hostNames.put(h.arrayName + "/" + h.nodeName, h.hostName);
            if (!state.leftAlone().contains(h.nodeName)) {
                // An offline node's host waits for its recovery; a fenced one's belongs to its takeover's fence.
                ownedHosts.add(new OwnedHost(h.arrayName, h.hostName, h.nodeName));
            }
        }
        List<Wanted> wanted = new ArrayList<>();
        Set<VolumeOnNode> inFlight = new HashSet<>();
        for (Attachment a : state.attached()) {
            KnownVolume v = byId.get(a.volumeId);
            if (v == null || v.arrayVolumeName == null || v.state != KnownVolumeState.Provisioned) {
                continue; // a deleted volume is not brought back to anybody
            }
            if (state.leftAlone().contains(a.nodeName)) {
                inFlight.add(new VolumeOnNode(a.volumeId, a.nodeName)); // neither restored nor removed
                continue;
            }
            for (String array : v.arrayList()) {
                String host = hostNames.getOrDefault(array + "/" + a.nodeName, FlashArrayNames.hostNameFor(a.nodeName));
                wanted.add(new Wanted(array, host, v.arrayVolumeName, a.volumeId, a.nodeName));
            }
        }
        // A drive is wanted on its owner's host while attached (never on a fenced or offline node's host).
        for (Drive d : state.drives()) {
            if (d.state == DriveState.Attached && d.hostName != null && !state.leftAlone().contains(d.nodeName)) {
                wanted.add(new Wanted(d.arrayName, d.hostName, d.driveName, DRIVE + d.id, d.nodeName));
            }
        }
        state.inFlight().forEach(a -> inFlight.add(new VolumeOnNode(a.volumeId, a.nodeName)));
        return new ConnectionReconciliation.Snapshot(arraysRead, wanted, present, owned, ownedHosts, inFlight);
    }

    private Uni<List<Repair>> repairAll(List<Repair> plan, State state, String passId) {
        Uni<List<Repair>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Repair r : plan) {
            chain = chain.chain(done -> repair(r, state, passId)
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("volume=%s node=%s array=%s host=%s not %s: %s", r.volumeId(), r.node(), r.array(),
                                r.host(), r.action(), e.getMessage());
                        return false;
                    })
                    .map(made -> {
                        if (made) {
                            done.add(r);
                        }
                        return done;
                    }));
        }
        return chain;
    }

    /**
     * One repair, checked against a fresh read and made inside the node's guard, so that a fence recorded
     * meanwhile is seen (and nothing is restored to a fenced host) or waits until this repair is done.
     */
    private Uni<Boolean> repair(Repair r, State state, String passId) {
        return guard.exclusively(r.node(), () -> r.volumeId().startsWith(DRIVE) ? repairDrive(r, state, passId)
                : repairAttachment(r, state, passId));
    }

    private Uni<Boolean> repairAttachment(Repair r, State state, String passId) {
        return Panache.withSession(() -> attachments.current(r.volumeId(), r.node()).chain(current -> leftAlone()
                .map(alone -> alone.contains(r.node()) ? List.<Attachment>of() : current))).chain(current -> {
            if (current.isEmpty() && r.action() == Action.restored) {
                return Uni.createFrom().item(false); // fenced or offline since the snapshot: never reconnected
            }
            boolean wanted = current.stream().anyMatch(a -> a.state == AttachmentState.Attached);
            boolean inFlight = current.stream().anyMatch(a -> a.state.inFlight());
            if (inFlight || wanted != (r.action() == Action.restored)) {
                return Uni.createFrom().item(false); // changed since the snapshot: leave it to the next pass
            }
            if (r.action() == Action.removed) {
                return steps.disconnect(r.array(), r.host(), r.volume()).call(removed -> removed
                        ? healed(r, null, passId, List.of()) : Uni.createFrom().voidItem());
            }
            NodeInitiatorsRecord node = state.nodes().get(r.node());
            NodeInitiators initiators = node == null ? NodeInitiators.none() : node.effective();
            Uni<?> host = initiators.isEmpty() ? Uni.createFrom().voidItem()
                    : steps.ensureHost(r.array(), r.host(), r.node(), initiators, true);
            return host.chain(() -> steps.connect(r.array(), r.host(), r.volume())).chain(c -> !c.made()
                    ? Uni.createFrom().item(false)
                    : healed(r, c.lun(), passId, current.stream().filter(a -> a.state == AttachmentState.Attached)
                            .toList()).replaceWith(true));
        });
    }

    /**
     * Restores a drive's connection to its owner's host, checked against a fresh read just before: still attached,
     * still the same owner, the owner neither offline nor fenced.
     */
    private Uni<Boolean> repairDrive(Repair r, State state, String passId) {
        String id = r.volumeId().substring(DRIVE.length());
        return Panache.withSession(() -> drives.findById(id).chain(d -> leftAlone().map(alone -> d != null
                && d.state == DriveState.Attached && d.nodeName.equals(r.node()) && r.host().equalsIgnoreCase(d.hostName)
                && !alone.contains(r.node())))).chain(still -> {
            if (!still || r.action() != Action.restored) {
                return Uni.createFrom().item(false);
            }
            return steps.connect(r.array(), r.host(), r.volume()).chain(c -> {
                if (!c.made()) {
                    return Uni.createFrom().item(false);
                }
                metrics.counter("mooring.connections.healed", "action", r.action().name(), "array", r.array())
                        .increment();
                LOG.infof("drive=%s node=%s array=%s host=%s connection restored lun=%d", id, r.node(), r.array(),
                        r.host(), c.lun());
                return Panache.withTransaction(() -> outbox.record(events.healed(r.volume(), r.node(), r.array(),
                        r.host(), r.action().name(), c.lun(), passId))).replaceWith(true);
            });
        });
    }

    /** Records the repair's event (and a LUN that changed in the attachments' paths) in one transaction. */
    private Uni<Void> healed(Repair r, Integer lun, String passId, List<Attachment> attachedHere) {
        metrics.counter("mooring.connections.healed", "action", r.action().name(), "array", r.array()).increment();
        LOG.infof("volume=%s node=%s array=%s host=%s connection %s%s", r.volumeId(), r.node(), r.array(), r.host(),
                r.action(), lun == null ? "" : " lun=" + lun);
        return Panache.withTransaction(() -> {
            Uni<Void> chain = outbox.record(events.healed(r.volumeId(), r.node(), r.array(), r.host(),
                    r.action().name(), lun, passId));
            for (Attachment stale : attachedHere) {
                chain = chain.chain(() -> attachments.findById(stale.id).invoke(a -> {
                    if (a != null && a.paths != null && lun != null) {
                        List<AttachmentPaths.Path> paths = pathsJson.read(a.paths).stream()
                                .map(p -> p.array().equals(r.array()) && p.lun() != lun
                                        ? new AttachmentPaths.Path(p.array(), p.host(), p.protocol(), lun,
                                                p.targetIqn(), p.portals(), p.targetWwns())
                                        : p).toList();
                        a.paths = pathsJson.write(paths);
                    }
                }).replaceWithVoid());
            }
            return chain;
        });
    }

    private Uni<Integer> retryDetaches() {
        return Panache.withSession(() -> attachments.stuckDetaches()).chain(stuck -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (Attachment a : stuck) {
                chain = chain.chain(n -> detach.retry(a.id).replaceWith(n + 1));
            }
            return chain;
        });
    }

    private Uni<Integer> retryAttaches(String passId) {
        var before = RequestAttachment.now().minus(config.reconcile().retryFailedAfter());
        return Panache.withTransaction(() -> attachments.failuresFromVolumeAttachmentsBefore(before, WOKEN_BY_EVENTS)
                .chain(failed -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Attachment a : failed) {
                        chain = chain.chain(n -> requests.again(a, a.correlationId).replaceWith(n + 1));
                    }
                    return chain;
                }));
    }

    private Uni<Integer> syncAllHosts(State state) {
        Set<String> nodesWithHosts = new HashSet<>();
        state.hosts().forEach(h -> nodesWithHosts.add(h.nodeName));
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (String node : nodesWithHosts) {
            chain = chain.chain(n -> syncHosts.sync(node).onFailure().recoverWithItem(0).map(c -> n + c));
        }
        return chain;
    }
}
