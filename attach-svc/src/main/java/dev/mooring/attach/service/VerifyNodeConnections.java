package dev.mooring.attach.service;

import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.domain.KnownVolumeState;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.domain.RecoveryCheck;
import dev.mooring.attach.domain.RecoveryCheck.Expected;
import dev.mooring.attach.domain.RecoveryCheck.HostVolume;
import dev.mooring.attach.domain.RecoveryCheck.Kind;
import dev.mooring.attach.repository.AttachmentRepository;
import dev.mooring.attach.repository.DriveRepository;
import dev.mooring.attach.repository.KnownVolume;
import dev.mooring.attach.repository.KnownVolumeRepository;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.attach.repository.NodeInitiatorsRepository;
import dev.mooring.attach.repository.NodeLivenessRepository;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.events.nodes.ConnectionCheck;
import dev.mooring.events.nodes.NodeOffline;
import dev.mooring.events.nodes.NodeRecovered;
import dev.mooring.kit.intake.Intake;
import dev.mooring.kit.jobs.Job;
import dev.mooring.kit.jobs.JobHandler;
import dev.mooring.kit.jobs.JobOutcome;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * A node's liveness as health-svc reports it. {@code NodeOffline}: the node is marked offline, and reconciliation
 * leaves its connections alone (it neither restores nor removes them) until the node recovers or is taken over.
 * {@code NodeRecovered}: each connection the node should have — the drives it owns now and the volumes attached to
 * it — is checked on its array and restored when missing → {@code NodeConnectionsVerified}, one result per
 * connection ({@code present}, {@code restored}, {@code failed}) — the array work of a {@value #VERIFY} job (key =
 * the node), recorded with the event's claim, whose outcome commits with the job's end. A node that was fenced owns
 * no drive and has no attached volume any more, so nothing is restored to it.
 */
@ApplicationScoped
public class VerifyNodeConnections implements JobHandler {

    static final String OFFLINE = "node-offline";
    static final String RECOVERED = "node-recovered";
    /** The job that checks and restores a recovered node's connections. */
    static final String VERIFY = "verify-node-connections";
    private static final Logger LOG = Logger.getLogger(VerifyNodeConnections.class);

    @Inject
    NodeLivenessRepository liveness;

    @Inject
    DriveRepository drives;

    @Inject
    AttachmentRepository attachments;

    @Inject
    KnownVolumeRepository volumes;

    @Inject
    NodeInitiatorsRepository nodes;

    @Inject
    TakeoverRepository takeovers;

    @Inject
    NodeHosts nodeHosts;

    @Inject
    ArraySteps steps;

    @Inject
    HostConnector connector;

    @Inject
    NodeFences fences;

    @Inject
    RestoreInitiators restoreInitiators;

    @Inject
    Intake intake;

    @Inject
    Jobs jobs;

    @Inject
    Outbox outbox;

    @Inject
    PoolAndNodeEvents events;

    /** What a verify job carries: the recovered node, and the event it answers. */
    public record Work(String node, Cause cause) {
    }

    @Override
    public String kind() {
        return VERIFY;
    }

    public Uni<Void> on(NodeOffline event) {
        return intake.once(OFFLINE, event.getEnvelope(), () -> {
            LOG.infof("node=%s offline (takeover deadline %s): its connections wait for recovery or takeover",
                    event.getNodeName(), event.getTakeoverDeadlineAt());
            return liveness.mark(event.getNodeName(), true);
        }).replaceWithVoid();
    }

    private record Expectations(List<Expected> expected, NodeInitiators initiators, boolean fenced) {
    }

    public Uni<Void> on(NodeRecovered event) {
        return intake.once(RECOVERED, event.getEnvelope(), () -> jobs.enqueue(VERIFY, event.getNodeName(),
                new Work(event.getNodeName(), Cause.of(event.getEnvelope())))).replaceWithVoid();
    }

    @Override
    public Uni<JobOutcome> run(Job job) {
        Work work = job.payload(Work.class);
        String node = work.node();
        return Panache.withSession(() -> expectations(node)).chain(exp -> {
            if (exp.fenced()) {
                // A recovery that crossed a takeover: what the node had is the takeover's now.
                LOG.infof("node=%s recovered, but a takeover fenced it: nothing is restored", node);
                return finish(job, node, List.of(), work.cause());
            }
            // Back, and no takeover under way: the fence is lifted and the hosts get their initiators again.
            // (Unless a takeover was recorded since the expectations were read: then nothing is restored.)
            return Panache.withTransaction(() -> fences.unfence(node, "node recovered"))
                    .replaceWith(true)
                    .onFailure(NodeFences.UnderTakeover.class).recoverWithItem(e -> {
                        LOG.infof("node=%s recovered, but %s: nothing is restored", node, e.getMessage());
                        return false;
                    })
                    .chain(lifted -> !lifted ? finish(job, node, List.of(), work.cause())
                            : restoreInitiators.of(node).chain(() -> check(node, exp))
                                    .chain(results -> finish(job, node, results, work.cause())));
        }).replaceWith(JobOutcome.done());
    }

    private Uni<Expectations> expectations(String node) {
        return takeovers.ofFailedNode(node).chain(fences -> drives.ofNode(node).chain(owned -> attachments
                .list("nodeName = ?1 and state = ?2", node, dev.mooring.attach.domain.AttachmentState.Attached)
                .chain(attached -> (attached.isEmpty() ? Uni.createFrom().item(List.<KnownVolume>of())
                                : volumes.list("volumeId in ?1", attached.stream().map(a -> a.volumeId).toList()))
                        .chain(known -> nodeHosts.ofNode(node).chain(hosts -> nodes.findById(node).map(r -> {
                            Map<String, KnownVolume> byId = new HashMap<>();
                            known.forEach(v -> byId.put(v.volumeId, v));
                            Set<Expected> expected = new LinkedHashSet<>();
                            for (var d : owned) {
                                if (d.state == DriveState.Attached) {
                                    expected.add(new Expected(d.arrayName, hostOf(hosts, d.arrayName, node),
                                            d.driveName, Kind.drive));
                                }
                            }
                            for (var a : attached) {
                                KnownVolume v = byId.get(a.volumeId);
                                if (v == null || v.arrayVolumeName == null || v.state != KnownVolumeState.Provisioned) {
                                    continue;
                                }
                                for (String array : v.arrayList()) {
                                    expected.add(new Expected(array, hostOf(hosts, array, node), v.arrayVolumeName,
                                            Kind.volume));
                                }
                            }
                            // A takeover under way owns what the node had: nothing is restored to it meanwhile.
                            boolean fenced = fences.stream().anyMatch(t -> !t.phase.finished());
                            return new Expectations(List.copyOf(expected),
                                    r == null ? NodeInitiators.none() : r.effective(), fenced);
                        }))))));
    }

    private static String hostOf(Map<String, NodeHost> hosts, String array, String node) {
        return HostConnector.hostName(hosts.get(array), node);
    }

    private Uni<List<ConnectionCheck>> check(String node, Expectations exp) {
        Set<String> arrays = new LinkedHashSet<>();
        exp.expected().forEach(e -> arrays.add(e.array()));
        Map<String, Collection<HostVolume>> listed = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, String> unreadable = new java.util.concurrent.ConcurrentHashMap<>();
        Uni<Void> reads = Uni.createFrom().voidItem();
        for (String array : arrays) {
            reads = reads.chain(() -> steps.connections(array).invoke(cs -> listed.put(array, cs.stream()
                            .filter(c -> c.hostName() != null && c.volumeName() != null && !c.isShared())
                            .map(c -> new HostVolume(c.hostName(), c.volumeName())).toList()))
                    .replaceWithVoid()
                    .onFailure().recoverWithUni(e -> {
                        unreadable.put(array, e.getMessage());
                        return Uni.createFrom().voidItem();
                    }));
        }
        return reads.chain(() -> {
            List<RecoveryCheck.Check> plan = RecoveryCheck.plan(exp.expected(), listed);
            Uni<List<ConnectionCheck>> chain = Uni.createFrom().item(new ArrayList<>());
            for (RecoveryCheck.Check c : plan) {
                Expected e = c.expected();
                chain = chain.chain(results -> switch (c.verdict()) {
                    case present -> Uni.createFrom().item(add(results, e, "present", null));
                    case unreadable -> Uni.createFrom().item(add(results, e, "failed", "array " + e.array()
                            + " could not be read: " + unreadable.get(e.array())));
                    case restore -> connector.connect(e.array(), node, exp.initiators(), e.volume(),
                                    () -> notFenced(node))
                            .map(path -> {
                                LOG.infof("node=%s array=%s host=%s %s=%s restored after recovery lun=%d", node,
                                        e.array(), path.host(), e.kind(), e.volume(), path.lun());
                                return add(results, e, "restored", null);
                            })
                            .onFailure().recoverWithItem(err -> add(results, e, "failed", err.getMessage()));
                });
            }
            return chain;
        });
    }

    /** Checked under the node's fence epoch before a restore: no takeover of the node is under way. */
    private Uni<Boolean> notFenced(String node) {
        return Panache.withSession(() -> takeovers.ofFailedNode(node))
                .map(fences -> fences.stream().allMatch(t -> t.phase.finished()));
    }

    private static List<ConnectionCheck> add(List<ConnectionCheck> results, Expected e, String outcome,
                                             String message) {
        results.add(ConnectionCheck.newBuilder().setArray(e.array()).setHost(e.host()).setVolume(e.volume())
                .setKind(e.kind().name()).setOutcome(outcome).setMessage(message).build());
        return results;
    }

    private Uni<Void> finish(Job job, String node, List<ConnectionCheck> results, Cause cause) {
        LOG.infof("node=%s recovered: %d connection(s) verified %s", node, results.size(),
                results.stream().map(r -> r.getVolume() + "@" + r.getArray() + "=" + r.getOutcome()).toList());
        return jobs.finishWith(job, () -> liveness.mark(node, false)
                .chain(() -> outbox.record(events.verified(node, results, cause))));
    }
}
