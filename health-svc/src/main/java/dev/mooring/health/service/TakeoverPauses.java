package dev.mooring.health.service;

import dev.mooring.health.config.HealthConfig;
import dev.mooring.health.domain.Share;
import dev.mooring.health.domain.TakeoverGate;
import dev.mooring.health.domain.TakeoverGate.Cause;
import dev.mooring.health.domain.TakeoverGate.Reason;
import dev.mooring.health.domain.TakeoverGate.State;
import dev.mooring.health.domain.TakeoverGate.Verdict;
import dev.mooring.health.repository.NodeHealthRepository;
import dev.mooring.health.repository.TakeoverPauseRecord;
import dev.mooring.health.repository.TakeoverPauseRepository;
import dev.mooring.health.repository.TakeoverPauseViews;
import dev.mooring.health.repository.Times;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import dev.mooring.kit.lease.LeaderLeases;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The takeover gate of this service: every scheduler pass evaluates {@link TakeoverGate} over the stored nodes (how
 * many are followed, when each silent one went Offline) and the views of the API server of every running instance
 * (each writes its watchers' view beside the others'), under the gate row's lock; a pause that starts or ends is written there with its Kubernetes Event (on the Lease namespace, where
 * {@code kubectl get events -A} shows it) in the same transaction. The liveness transitions ask {@link #mayDecide}
 * before deciding a takeover.
 */
@ApplicationScoped
public class TakeoverPauses {

    private static final Logger LOG = Logger.getLogger(TakeoverPauses.class);
    static final String METRIC = "mooring.health.takeovers.paused";

    @Inject
    NodeHealthRepository nodes;

    @Inject
    TakeoverPauseRepository pauses;

    @Inject
    KubeEvents kubeEvents;

    @Inject
    HealthConfig config;

    @Inject
    Clock clock;

    @Inject
    @Any
    Instance<WatchHealthSource> watches;

    @Inject
    MeterRegistry metrics;

    @Inject
    TakeoverPauseViews views;

    /**
     * This instance in the views table is its id as a lease holder: the pod's name in Kubernetes plus an id per start
     * — two processes on one host (devstack, a restart that overlaps its predecessor) share a HOSTNAME but not a view.
     */
    @Inject
    LeaderLeases leases;

    private String instance;

    private TakeoverGate.Settings settings;
    private volatile State state = State.initial();

    /** The gate's settings from the configuration; a bad value fails the start naming its key. */
    public static TakeoverGate.Settings settings(HealthConfig config) {
        HealthConfig.TakeoverPause p = config.takeoverPause();
        Share share;
        try {
            share = Share.parse(p.massSilenceShare());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mooring.health.takeover-pause.mass-silence-share: " + e.getMessage(), e);
        }
        try {
            return new TakeoverGate.Settings(share, p.massSilenceMinimum(), config.gracePeriod(), p.staleAfter(),
                    p.reconnectTolerance());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mooring.health.takeover-pause." + e.getMessage(), e);
        }
    }

    @PostConstruct
    void init() {
        settings = settings(config);
        instance = leases.instance();
        Gauge.builder(METRIC, this, g -> g.state.paused() ? 1 : 0).tag("reason", "any")
                .description("1 while takeovers are paused (any reason)").register(metrics);
        for (Reason reason : Reason.values()) {
            Gauge.builder(METRIC, this, g -> g.state.causes().stream().anyMatch(c -> c.reason() == reason) ? 1 : 0)
                    .tag("reason", reason.name()).description("1 while takeovers are paused for this reason")
                    .register(metrics);
        }
    }

    /** The gate as last evaluated. */
    public State state() {
        return state;
    }

    public Duration grace() {
        return config.gracePeriod();
    }

    /** Whether a takeover may be decided now (not paused, and one fresh grace since the last pause ended). */
    public boolean mayDecide(Instant now) {
        return state.mayDecide(now, config.gracePeriod());
    }

    /** When a held takeover should be looked at again: after the fresh grace, or one grace from now while paused. */
    public Instant recheckAt(Instant now) {
        Instant notBefore = state.decideNotBefore(config.gracePeriod());
        if (notBefore == null) {
            return now.plus(config.gracePeriod());
        }
        return notBefore.isAfter(now) ? notBefore : now;
    }

    /**
     * Evaluates the gate now and stores what changed (a pass of the liveness loop calls it before the deadlines):
     * this instance's view of the API server is written beside the other instances', and the verdict counts every
     * fresh view (refreshed within ten scheduler intervals, at least 10 s).
     */
    public Uni<State> evaluate() {
        Instant now = clock.instant();
        List<TakeoverGate.WatchHealth> health = new ArrayList<>();
        watches.forEach(w -> w.health().ifPresent(health::add));
        List<Cause> mine = TakeoverGate.viewCauses(settings, health, now).stream()
                .map(c -> new Cause(c.reason(), c.message() + " (seen by " + instance + ")")).toList();
        Duration fresh = config.schedulerInterval().multipliedBy(10);
        Instant freshSince = now.minus(fresh.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : fresh);
        return Panache.withTransaction(() -> pauses.lock().chain(row -> views
                .write(instance, lines(mine), Times.stored(now))
                .chain(() -> views.othersBroken(instance, Times.stored(freshSince)))
                .chain(others -> nodes.followedCount().chain(followed -> nodes.silentSince().chain(silent -> {
                    List<Cause> viewCauses = new ArrayList<>(mine);
                    others.forEach(o -> viewCauses.addAll(parse(o)));
                    State before = fromRow(row);
                    Verdict verdict = TakeoverGate.evaluate(settings, new TakeoverGate.Nodes(followed.intValue(),
                            silent.stream().map(Times::instant).toList()), viewCauses);
                    State after = before.next(verdict, now);
                    if (after.equals(before)) {
                        return Uni.createFrom().item(after);
                    }
                    toRow(after, row, now);
                    return announce(before, after).replaceWith(after);
                })))))
                .invoke(s -> state = s);
    }

    private Uni<Void> announce(State before, State after) {
        String lease = config.kubernetes().leaseNamespace();
        Subject subject = new Subject("v1", "Namespace", null, lease, null);
        if (after.paused()) {
            String why = after.causes().stream().map(Cause::toString).collect(Collectors.joining("; "));
            if (before.paused()) {
                LOG.warnf("Takeovers still paused (since %s), now because: %s", after.since(), why);
            } else {
                LOG.warnf("Takeovers paused: %s. No node is taken over until the signal is trustworthy again;"
                        + " silent nodes keep their deadlines and recover if their heartbeats return", why);
            }
            // One Event per pause (its start is the occurrence); a change of reasons refreshes its message.
            return kubeEvents.record(new Notice(subject, KubeEvents.WARNING, "TakeoversPaused", "health-svc"
                    + " paused node takeovers: " + why + ". Nodes keep going Offline and recover when their"
                    + " heartbeats return; takeovers resume one grace period after the signal is trustworthy again",
                    String.valueOf(after.since())));
        }
        LOG.infof("Takeovers resumed (paused since %s); a node still silent is taken over no earlier than %s",
                before.since(), after.resumedAt().plus(config.gracePeriod()));
        return kubeEvents.record(new Notice(subject, KubeEvents.NORMAL, "TakeoversResumed", "health-svc resumed"
                + " node takeovers (paused since " + before.since() + "); a node still silent is taken over no"
                + " earlier than " + after.resumedAt().plus(config.gracePeriod()), String.valueOf(after.resumedAt())));
    }

    static State fromRow(TakeoverPauseRecord row) {
        if (row == null) {
            return State.initial();
        }
        return new State(row.paused, parse(row.reasons), Times.instant(row.since), Times.instant(row.resumedAt));
    }

    /** Causes stored one a line, {@code Reason<TAB>message}. */
    static List<Cause> parse(String lines) {
        List<Cause> causes = new ArrayList<>();
        if (lines != null && !lines.isBlank()) {
            for (String line : lines.split("\n")) {
                int tab = line.indexOf('\t');
                causes.add(new Cause(Reason.valueOf(line.substring(0, tab)), line.substring(tab + 1)));
            }
        }
        return causes;
    }

    static String lines(List<Cause> causes) {
        return causes.isEmpty() ? null : causes.stream()
                .map(c -> c.reason().name() + "\t" + c.message().replace('\n', ' ')).collect(Collectors.joining("\n"));
    }

    private static void toRow(State s, TakeoverPauseRecord row, Instant now) {
        row.paused = s.paused();
        row.reasons = lines(s.causes());
        row.since = Times.stored(s.since());
        row.resumedAt = Times.stored(s.resumedAt());
        row.updatedAt = Times.stored(now);
    }

    /**
     * Whether a takeover may be decided now by the stored gate, read under a shared lock in the deciding transaction:
     * a pause another instance is writing is waited for, and one it committed is seen, whatever this instance's
     * last evaluation said.
     */
    public Uni<Boolean> storedMayDecide(Instant now) {
        return pauses.readLocked().map(row -> fromRow(row).mayDecide(now, config.gracePeriod()));
    }

    /** The gate as stored (what every instance sees), for the REST API. */
    public Uni<Optional<State>> stored() {
        return pauses.read().map(row -> Optional.ofNullable(row).map(TakeoverPauses::fromRow));
    }
}
