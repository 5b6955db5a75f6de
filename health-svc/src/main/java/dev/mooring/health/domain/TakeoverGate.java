package dev.mooring.health.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether health-svc may decide takeovers now. Silence is only evidence of death while the signal itself is
 * trustworthy: when many nodes fall silent together, or health-svc's own view of the API server is broken or stale,
 * the likelier cause is on health-svc's side (a lost watch, a stalled API server, a partition), and taking every
 * node over at its deadline would evict healthy workloads everywhere. Then takeovers pause, with their reasons.
 */
public final class TakeoverGate {

    /** Why takeovers are paused (a bounded set: also a metric label). */
    public enum Reason {
        /** More than the configured share (and at least the minimum) of the nodes went Offline within one grace. */
        MassSilence,
        /** A watch on the API server has been disconnected for longer than the reconnect tolerance. */
        ApiServerUnreachable,
        /** A watch that should see steady traffic (Lease renewals) saw no event and no relist for too long. */
        ApiServerStale
    }

    /**
     * The rule's settings: the share of the followed nodes that must be exceeded and the minimum count for mass
     * silence, the grace (the window in which the silences must fall, and the fresh wait after a pause), the
     * staleness bound, and how long a watch may be reconnecting before the view counts as unreachable.
     */
    public record Settings(Share share, int minimum, Duration grace, Duration staleAfter,
                           Duration reconnectTolerance) {

        public Settings {
            Objects.requireNonNull(share, "share");
            Objects.requireNonNull(grace, "grace");
            Objects.requireNonNull(staleAfter, "staleAfter");
            Objects.requireNonNull(reconnectTolerance, "reconnectTolerance");
            if (minimum < 1) {
                throw new IllegalArgumentException("mass-silence-minimum must be at least 1, was " + minimum);
            }
            if (staleAfter.isNegative() || staleAfter.isZero()) {
                throw new IllegalArgumentException("stale-after must be positive, was " + staleAfter);
            }
            if (reconnectTolerance.isNegative()) {
                throw new IllegalArgumentException("reconnect-tolerance must not be negative, was " + reconnectTolerance);
            }
        }

        /** More than a third of the nodes, at least 3; stale after 40 s without a Lease event; 5 s to reconnect. */
        public static Settings defaults(Duration grace) {
            return new Settings(new Share(1, 3), 3, grace, Duration.ofSeconds(40), Duration.ofSeconds(5));
        }
    }

    /**
     * One watch's health as its watcher sees it: connected or since when not, the last time the API server told it
     * anything (an event or a completed list), and whether it should hear something steadily (Leases renew every
     * 10 s; Nodes may stay quiet for minutes).
     */
    public record WatchHealth(String watch, boolean connected, Instant disconnectedSince, Instant lastContactAt,
                              boolean expectsSteadyTraffic) {
    }

    /** What the nodes look like: how many are followed, and when each of the currently silent ones went Offline. */
    public record Nodes(int followed, List<Instant> silentSince) {
    }

    /** One reason with its message, e.g. {@code MassSilence: 7 of 10 nodes went Offline within 40s}. */
    public record Cause(Reason reason, String message) {

        @Override
        public String toString() {
            return reason + ": " + message;
        }
    }

    /** Open (no causes) or paused with its causes. */
    public record Verdict(List<Cause> causes) {

        public Verdict {
            causes = List.copyOf(causes);
        }

        public static Verdict open() {
            return new Verdict(List.of());
        }

        public boolean paused() {
            return !causes.isEmpty();
        }

        public List<Reason> reasons() {
            return causes.stream().map(Cause::reason).toList();
        }
    }

    private TakeoverGate() {
    }

    /** The verdict for now, from the nodes and this instance's watches. */
    public static Verdict evaluate(Settings settings, Nodes nodes, List<WatchHealth> watches, Instant now) {
        return evaluate(settings, nodes, viewCauses(settings, watches, now));
    }

    /**
     * The verdict from the nodes and the causes found in the views of the API server — this instance's and those of
     * the other running instances: takeovers pause when any view is broken.
     */
    public static Verdict evaluate(Settings settings, Nodes nodes, List<Cause> viewCauses) {
        List<Cause> causes = new ArrayList<>();
        massSilence(settings, nodes).ifPresent(causes::add);
        viewCauses.stream().filter(c -> !causes.contains(c)).forEach(causes::add);
        return new Verdict(causes);
    }

    /** What is wrong with one instance's view of the API server (nothing: an empty list). */
    public static List<Cause> viewCauses(Settings settings, List<WatchHealth> watches, Instant now) {
        List<Cause> causes = new ArrayList<>();
        for (WatchHealth w : watches) {
            if (!w.connected()) {
                Instant since = w.disconnectedSince() != null ? w.disconnectedSince() : now;
                if (Duration.between(since, now).compareTo(settings.reconnectTolerance()) > 0) {
                    causes.add(new Cause(Reason.ApiServerUnreachable, w.watch() + " watch disconnected since " + since));
                }
            } else if (w.expectsSteadyTraffic() && w.lastContactAt() != null
                    && Duration.between(w.lastContactAt(), now).compareTo(settings.staleAfter()) > 0) {
                causes.add(new Cause(Reason.ApiServerStale, "no " + w.watch() + " event or relist since "
                        + w.lastContactAt() + " (stale after " + settings.staleAfter().toSeconds() + "s)"));
            }
        }
        return causes;
    }

    /** The largest group of silent nodes whose Offline times fall within one grace, if it is a mass. */
    static java.util.Optional<Cause> massSilence(Settings settings, Nodes nodes) {
        List<Instant> times = nodes.silentSince().stream().filter(Objects::nonNull).sorted().toList();
        int best = 0;
        Instant from = null;
        Instant to = null;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (Duration.between(times.get(start), times.get(end)).compareTo(settings.grace()) > 0) {
                start++;
            }
            if (end - start + 1 > best) {
                best = end - start + 1;
                from = times.get(start);
                to = times.get(end);
            }
        }
        int total = Math.max(nodes.followed(), times.size());
        if (best < settings.minimum() || !settings.share().exceededBy(best, total)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Cause(Reason.MassSilence, best + " of " + total + " nodes went Offline within "
                + settings.grace().toSeconds() + "s (" + from + " to " + to + "; pause above " + settings.share()
                + " and at least " + settings.minimum() + ")"));
    }

    /**
     * The gate over time: paused since when, and when it last opened. After a pause a takeover waits one fresh
     * grace from the reopening, so that signals cut off during the pause have the chance to come back first.
     */
    public record State(boolean paused, List<Cause> causes, Instant since, Instant resumedAt) {

        public State {
            causes = List.copyOf(causes);
        }

        public static State initial() {
            return new State(false, List.of(), null, null);
        }

        /** The state after {@code verdict}: a pause starts, goes on (its causes may change) or ends now. */
        public State next(Verdict verdict, Instant now) {
            if (verdict.paused()) {
                return new State(true, verdict.causes(), paused ? since : now, resumedAt);
            }
            return paused ? new State(false, List.of(), null, now) : this;
        }

        /** Whether a takeover may be decided now. */
        public boolean mayDecide(Instant now, Duration grace) {
            return !paused && (resumedAt == null || !now.isBefore(resumedAt.plus(grace)));
        }

        /** The first instant a held takeover may be decided, if the gate stays open (null while paused). */
        public Instant decideNotBefore(Duration grace) {
            return paused ? null : resumedAt == null ? Instant.MIN : resumedAt.plus(grace);
        }
    }
}
