package dev.mooring.topology.dr.service;

import dev.mooring.kit.background.Backoff;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.background.WorkQueue;
import dev.mooring.kit.rest.ProblemException;
import dev.mooring.topology.dr.DrConfig;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.domain.OperationStep;
import dev.mooring.topology.dr.domain.PeerState;
import dev.mooring.topology.dr.repository.OperationRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Failovers and failbacks: each is stored with its steps before anything is done, then advanced one step at a time by
 * the kit's work queue, every step recorded when it is done. Every step is idempotent, so an operation interrupted (a
 * restart, a second replica picking it up) resumes from its last recorded step and repeats nothing that matters. A
 * step that meets something that may pass (the other site or an API away) is retried with backoff; one that cannot
 * succeed fails the operation with the reason.
 */
@ApplicationScoped
public class DrOperations {

    private static final Logger LOG = Logger.getLogger(DrOperations.class);

    public static final String FAILOVER = "failover";
    public static final String FAILBACK = "failback";
    static final List<String> FAILOVER_STEPS = List.of("preflight", "deactivate-failed", "activate-here", "scale-up");
    static final List<String> FAILBACK_STEPS = List.of("preflight", "await-resync", "migrate-back", "scale-down-here",
            "deactivate-here", "activate-there", "scale-up-there");

    @Inject
    DrConfig config;

    @Inject
    ClusterDomains domains;

    @Inject
    PeerDomain peer;

    @Inject
    StretchedPods pods;

    @Inject
    Preflight preflight;

    @Inject
    ApplicationWorkloads workloads;

    @Inject
    KubernetesClient kubernetes;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    private volatile WorkQueue<UUID> queue;

    void onStart(@Observes StartupEvent event) {
        if (config.domain().isEmpty()) {
            return;
        }
        queue = background.queue("dr-operations", 1, new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), this::advance);
        // Operations a stop interrupted go on from their last recorded step.
        List<OperationRecord> running = contexts.await(() -> Panache.withSession(
                () -> OperationRecord.<OperationRecord>list("state", "Running")));
        running.forEach(op -> {
            LOG.infof("Resuming %s %s (%s → %s) after its last recorded step", op.kind, op.id, op.fromDomain, op.toDomain);
            queue.add(op.id);
        });
    }

    // ------------------------------------------------------------------------------------------- requests

    /** A failover's plan without doing anything. */
    public Uni<FailoverPlan> dryRun(String failedDomain, boolean force) {
        return contexts.blocking(() -> requirePeer(failedDomain)).chain(ignored -> pods.read()).chain(current -> contexts.blocking(() -> preflight.failover(failedDomain, force, current)));
    }

    /**
     * Starts a failover from {@code failedDomain} to this domain, or answers the one already started or done: a
     * failover asked for twice runs once. Refused (409, with the failed checks) when the pre-flight checks fail.
     */
    public Uni<Started> failover(String failedDomain, boolean force) {
        return contexts.blocking(() -> requirePeer(failedDomain)).chain(here -> existing(FAILOVER, failedDomain, here).chain(found -> {
            if (found.isPresent()) {
                return Uni.createFrom().item(new Started(found.get(), false));
            }
            return dryRun(failedDomain, force).chain(plan -> {
                if (!plan.wouldSucceed()) {
                    throw new PreflightRefused(plan);
                }
                OperationRecord op = newOperation(FAILOVER, failedDomain, here, plan.epoch(), plan.namespaces());
                op.decidedAt = OffsetDateTime.now(ZoneOffset.UTC);
                OperationSteps.start(op, FAILOVER_STEPS, String.join("; ", plan.checks().stream()
                        .map(c -> c.name() + ": " + c.detail()).toList()));
                return store(op);
            });
        }));
    }

    /** Starts bringing the applications back to {@code domain} (which failed over to this one), or the one under way. */
    public Uni<Started> failback(String domain) {
        return contexts.blocking(() -> requirePeer(domain)).chain(here -> existing(FAILBACK, here, domain).chain(found -> {
            if (found.isPresent()) {
                return Uni.createFrom().item(new Started(found.get(), false));
            }
            return contexts.blocking(() -> failbackPreflight(domain, here)).chain(namespaces -> {
                OperationRecord op = newOperation(FAILBACK, here, domain, 0, namespaces);
                op.decidedAt = OffsetDateTime.now(ZoneOffset.UTC);
                OperationSteps.start(op, FAILBACK_STEPS, here + " is active, " + domain + " answers and is inactive;"
                        + " applications: " + namespaces);
                return store(op);
            });
        }));
    }

    public Uni<List<OperationRecord>> list(String kind) {
        return Panache.withSession(() -> OperationRecord.<OperationRecord>list("kind", Sort.descending("requestedAt"), kind));
    }

    public Uni<OperationRecord> find(String kind, UUID id) {
        return Panache.withSession(() -> OperationRecord.<OperationRecord>findById(id)).map(op -> {
            if (op == null || !op.kind.equals(kind)) {
                throw ProblemException.notFound("No " + kind + " " + id);
            }
            return op;
        });
    }

    private List<String> failbackPreflight(String domain, String here) {
        if (domains.state() != DomainState.active) {
            throw ProblemException.conflict("a failback to " + domain + " runs on the active domain; " + here + " is inactive");
        }
        PeerState other;
        try {
            other = peer.state();
        } catch (PeerDomain.Unreachable | PeerDomain.Refused e) {
            throw DomainActivation.unavailable(domain + " must be back before a failback: " + e.getMessage());
        }
        if (other.state() == DomainState.active) {
            throw ProblemException.conflict(domain + " is active (epoch " + other.epoch() + "): it has not stepped down"
                    + " since it returned; deactivate it first");
        }
        List<String> namespaces = workloads.protectedNamespaces(kubernetes, domain);
        if (namespaces.isEmpty()) {
            throw ProblemException.conflict("no application migrated from " + domain + " runs here: nothing to bring back");
        }
        return namespaces;
    }

    /** The unfinished operation of this kind between these domains, or, once this side is settled, the last one done. */
    private Uni<Optional<OperationRecord>> existing(String kind, String from, String to) {
        return Panache.withSession(() -> OperationRecord.<OperationRecord>find(
                "kind = ?1 and fromDomain = ?2 and toDomain = ?3", Sort.descending("requestedAt"), kind, from, to)
                .firstResult()).map(last -> {
                    if (last == null || "Failed".equals(last.state)) {
                        return Optional.empty();
                    }
                    if ("Running".equals(last.state)) {
                        return Optional.of(last);
                    }
                    // Done before: it counts as this request while the domains still stand as it left them.
                    boolean settled = FAILOVER.equals(kind) ? domains.state() == DomainState.active
                            : domains.state() == DomainState.inactive;
                    return settled ? Optional.of(last) : Optional.empty();
                });
    }

    private Uni<Started> store(OperationRecord op) {
        return Panache.withTransaction(op::persist)
                .map(ignored -> new Started(op, true))
                .onFailure(DrOperations::isDuplicate).recoverWithUni(() -> existing(op.kind, op.fromDomain, op.toDomain)
                        .map(found -> new Started(found.orElseThrow(), false)))
                .invoke(started -> {
                    if (started.created()) {
                        LOG.infof("%s %s started: %s → %s", op.kind, op.id, op.fromDomain, op.toDomain);
                        queue.add(op.id);
                    }
                });
    }

    private static boolean isDuplicate(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("dr_operation_one_running")) {
                return true;
            }
        }
        return false;
    }

    private OperationRecord newOperation(String kind, String from, String to, long epoch, List<String> namespaces) {
        OperationRecord op = new OperationRecord();
        op.id = UUID.randomUUID();
        op.kind = kind;
        op.fromDomain = from;
        op.toDomain = to;
        op.state = "Running";
        op.epoch = epoch;
        op.requestedAt = OffsetDateTime.now(ZoneOffset.UTC);
        OperationSteps.setNamespaces(op, namespaces);
        return op;
    }

    private String requirePeer(String domain) {
        String here = domains.name().orElseThrow(() -> ProblemException.notFound(
                "This installation is no cluster domain: mooring.dr.domain is not set"));
        if (domain == null || domain.isBlank()) {
            throw ProblemException.invalid("domain", "is required: the name of the other cluster domain");
        }
        Optional<String> other = peer.name();
        if (domain.equals(here)) {
            throw ProblemException.invalid("domain", "names this domain (" + here + "); name the other one"
                    + other.map(o -> " (" + o + ")").orElse(""));
        }
        if (other.isPresent() && !other.get().equals(domain)) {
            throw ProblemException.invalid("domain", "is not the paired domain: the domains are " + here + " and "
                    + other.get());
        }
        if (other.isEmpty()) {
            throw ProblemException.conflict("this domain has no usable pairing: " + new PairingSecretProblem(peer).text());
        }
        return here;
    }

    // ------------------------------------------------------------------------------------------- the runner

    private Uni<Void> advance(UUID id) {
        return Panache.withSession(() -> OperationRecord.<OperationRecord>findById(id)).chain(op -> {
            if (op == null || !"Running".equals(op.state)) {
                return Uni.createFrom().voidItem();
            }
            Optional<OperationStep> next = OperationSteps.next(op);
            if (next.isEmpty()) {
                return finish(op, "Succeeded", null);
            }
            String step = next.get().name();
            return contexts.blocking(() -> perform(op, step)).chain(outcome -> {
                if (outcome.waiting()) {
                    return record(op.id, step, "running", outcome.detail())
                            .invoke(() -> queue.addAfter(id, Duration.ofSeconds(1)));
                }
                return record(op.id, step, "done", outcome.detail()).invoke(() -> queue.add(id));
            }).onFailure(DrOperations::mayPass).recoverWithUni(error -> record(op.id, step, "running",
                    "retrying: " + error.getMessage()).chain(() -> Uni.createFrom().failure(error)))
              .onFailure(error -> !mayPass(error)).recoverWithUni(error -> record(op.id, step, "failed", error.getMessage())
                    .chain(() -> Panache.withSession(() -> OperationRecord.<OperationRecord>findById(id)))
                    .chain(fresh -> finish(fresh, "Failed", step + ": " + error.getMessage())));
        });
    }

    /** Something that may pass by itself: the other site or a Kubernetes API away, a concurrent writer. */
    private static boolean mayPass(Throwable error) {
        return error instanceof PeerDomain.Unreachable || error instanceof KubernetesClientException
                || error instanceof org.hibernate.StaleObjectStateException
                || (error instanceof PeerDomain.Refused refused && refused.status() >= 500);
    }

    private Outcome perform(OperationRecord op, String step) {
        String here = op.toDomain.equals(domains.name().orElse(null)) ? op.toDomain : op.fromDomain;
        List<String> namespaces = OperationSteps.namespaces(op);
        return switch (op.kind + "/" + step) {
            case "failover/deactivate-failed" -> {
                try {
                    PeerState after = peer.stepDown(op.epoch, "failover " + op.id + " to " + here);
                    yield Outcome.done(op.fromDomain + " stepped down (" + after.state() + ", epoch " + after.epoch() + ")");
                } catch (PeerDomain.Unreachable e) {
                    yield Outcome.done(op.fromDomain + " does not answer: it steps down when it returns, seeing epoch "
                            + op.epoch);
                }
            }
            case "failover/activate-here" -> {
                contexts.await(() -> domains.change(DomainState.active, Math.max(op.epoch, domains.epoch()),
                        "failover " + op.id + " from " + op.fromDomain));
                yield Outcome.done(here + " active with epoch " + domains.epoch());
            }
            case "failover/scale-up" -> Outcome.done("scaled up: " + workloads.scaleUp(kubernetes, op.fromDomain));
            case "failback/await-resync" -> awaitResync();
            case "failback/migrate-back" -> Outcome.done(workloads.migrateOnce(kubernetes,
                    workloads.pairedCluster(op.toDomain), here, namespaces));
            case "failback/scale-down-here" -> Outcome.done("scaled to zero: " + workloads.scaleDown(kubernetes, namespaces));
            case "failback/deactivate-here" -> {
                contexts.await(() -> domains.change(DomainState.inactive, domains.epoch(), "failback " + op.id + " to "
                        + op.toDomain));
                yield Outcome.done(here + " inactive");
            }
            case "failback/activate-there" -> {
                peer.change(true);
                yield Outcome.done(op.toDomain + " " + peer.state().state() + " (epoch " + peer.state().epoch() + ")");
            }
            case "failback/scale-up-there" -> Outcome.done("scaled up in " + op.toDomain + ": "
                    + workloads.scaleUp(workloads.pairedCluster(op.toDomain), here));
            default -> throw new IllegalStateException("unknown step " + step + " of a " + op.kind);
        };
    }

    private Outcome awaitResync() {
        String here = domains.name().orElseThrow();
        var current = contexts.await(() -> pods.read());
        var ours = current.stream().filter(p -> p.arrays().stream().anyMatch(m -> here.equals(m.domain()))).toList();
        var behind = ours.stream().filter(p -> !p.inSync()).toList();
        if (ours.isEmpty() || !behind.isEmpty()) {
            return Outcome.waiting("waiting for the ActiveCluster resync: " + (ours.isEmpty() ? "no pod answered"
                    : String.join(", ", behind.stream().map(p -> p.name() + " " + p.arrays().stream()
                            .map(m -> m.array() + " " + m.status() + (m.progress() == null ? ""
                                    : " " + Math.round(m.progress() * 100) + "%")).toList()).toList())));
        }
        return Outcome.done("in sync on every array: " + ours.stream().map(p -> p.name()).toList());
    }

    private Uni<Void> record(UUID id, String step, String state, String detail) {
        return Panache.withTransaction(() -> OperationRecord.<OperationRecord>findById(id).invoke(op -> {
            OperationSteps.mark(op, step, state, detail);
            LOG.infof("%s %s step %s %s: %s", op.kind, op.id, step, state, detail);
        })).replaceWithVoid();
    }

    private Uni<Void> finish(OperationRecord op, String state, String failure) {
        return Panache.withTransaction(() -> OperationRecord.<OperationRecord>findById(op.id).invoke(fresh -> {
            fresh.state = state;
            fresh.failure = failure;
            fresh.finishedAt = OffsetDateTime.now(ZoneOffset.UTC);
            LOG.infof("%s %s %s (%s → %s)%s", fresh.kind, fresh.id, state, fresh.fromDomain, fresh.toDomain,
                    failure == null ? "" : ": " + failure);
        })).replaceWithVoid();
    }

    /** An operation as answered: {@code created} when this request started it. */
    public record Started(OperationRecord operation, boolean created) {
    }

    /** A failover refused by its pre-flight checks. */
    public static final class PreflightRefused extends RuntimeException {
        private final transient FailoverPlan plan;

        PreflightRefused(FailoverPlan plan) {
            super("failover refused: " + plan.failedChecks());
            this.plan = plan;
        }

        public FailoverPlan plan() {
            return plan;
        }
    }

    private record Outcome(boolean waiting, String detail) {
        static Outcome done(String detail) {
            return new Outcome(false, detail);
        }

        static Outcome waiting(String detail) {
            return new Outcome(true, detail);
        }
    }

    private record PairingSecretProblem(PeerDomain peer) {
        String text() {
            try {
                peer.pairing();
                return "unknown";
            } catch (PeerDomain.Unreachable e) {
                return e.getMessage();
            }
        }
    }
}
