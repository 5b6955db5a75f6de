package dev.mooring.health.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heartbeats in memory: 10,000 nodes renewing every 10 s are 1,000 heartbeats a second, and none of them needs
 * a database write of its own while the node is Online. Each heartbeat only moves a timestamp here; the
 * {@link LivenessLoop} writes the advanced ones in one batch every flush interval, and handles at once the
 * heartbeats of nodes that are not (known to be) Online — those are transitions (a recovery, a first sight).
 * Also keeps, per node, when each signal was last seen and the Node's Ready condition, for decisions and REST.
 */
@ApplicationScoped
public class HeartbeatTracker {

    /** Heartbeat sources. */
    public static final String LEASE = "lease";
    public static final String AGENT = "agent";
    public static final String NODE_READY = "node-ready";

    @Inject
    Clock clock;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Nodes this instance knows to be Online in the database: their heartbeats wait for the batch. */
    private final Set<String> knownOnline = ConcurrentHashMap.newKeySet();
    /** Nodes whose latest heartbeat must be handled now. */
    private final Set<String> urgent = ConcurrentHashMap.newKeySet();
    private volatile Runnable onUrgent = () -> { };

    /** The latest heartbeat of a node and the signal that brought it. */
    public record Beat(Instant at, String signal) {
    }

    private static final class Entry {
        volatile Beat latest;
        volatile Instant flushed;
        final Map<String, Instant> bySignal = new ConcurrentHashMap<>();
        volatile String ready;
    }

    void onUrgent(Runnable wake) {
        this.onUrgent = wake;
    }

    /** A heartbeat at {@code at} from {@code signal}; cheap, callable from any thread. */
    public void beat(String name, Instant at, String signal) {
        Instant now = clock.instant();
        // Milliseconds, as stored: a heartbeat read back from the database must equal the one held here.
        Instant when = (at.isAfter(now) ? now : at).truncatedTo(ChronoUnit.MILLIS);
        Entry e = entries.computeIfAbsent(name, n -> new Entry());
        synchronized (e) {
            e.bySignal.merge(signal, when, (a, b) -> a.isAfter(b) ? a : b);
            if (e.latest == null || when.isAfter(e.latest.at())) {
                e.latest = new Beat(when, signal);
            } else {
                return;
            }
        }
        if (!knownOnline.contains(name)) {
            urgent.add(name);
            onUrgent.run();
        }
    }

    /** The Node's Ready condition as last seen (True, False, Unknown). */
    public void readiness(String name, String status) {
        entries.computeIfAbsent(name, n -> new Entry()).ready = status;
    }

    public Optional<Beat> latest(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.ofNullable(e.latest);
    }

    /** When each signal was last seen, and the Ready condition (REST). */
    public Map<String, Object> signals(String name) {
        Entry e = entries.get(name);
        Map<String, Object> out = new TreeMap<>();
        if (e != null) {
            out.putAll(e.bySignal);
            if (e.ready != null) {
                out.put("ready", e.ready);
            }
        }
        return out;
    }

    /**
     * What a decision that the node is silent rests on: the heartbeat sources that went silent, and the Ready
     * condition at that moment, e.g. {@code [lease, ready=Unknown]}.
     */
    public List<String> silentSignals(String name) {
        Entry e = entries.get(name);
        List<String> out = new ArrayList<>();
        if (e == null || e.bySignal.isEmpty()) {
            out.add("no-heartbeat-since-start");
        } else {
            out.addAll(new TreeMap<>(e.bySignal).keySet());
        }
        if (e != null && e.ready != null) {
            out.add("ready=" + e.ready);
        }
        return out;
    }

    /** Heartbeats newer than what was last written, for the batch. */
    public List<Map.Entry<String, Beat>> unflushed() {
        List<Map.Entry<String, Beat>> out = new ArrayList<>();
        entries.forEach((name, e) -> {
            Beat b = e.latest;
            if (b != null && (e.flushed == null || b.at().isAfter(e.flushed)) && knownOnline.contains(name)) {
                out.add(Map.entry(name, b));
            }
        });
        return out;
    }

    void flushed(String name, Instant at) {
        Entry e = entries.get(name);
        if (e != null) {
            e.flushed = at;
        }
    }

    /** Takes the nodes whose heartbeat must be handled now. */
    Collection<String> drainUrgent() {
        List<String> names = new ArrayList<>(urgent);
        urgent.removeAll(names);
        return names;
    }

    /** The database says the node is (not) Online now. */
    void knownState(String name, boolean online) {
        if (online) {
            knownOnline.add(name);
        } else {
            knownOnline.remove(name);
        }
    }

    /** A heartbeat held here was found not to be written (the node is not Online there): handle it now. */
    void markUrgent(String name) {
        knownOnline.remove(name);
        urgent.add(name);
    }

    /** Forgets everything, as a crashed process would (tests of restarts). */
    void forgetAll() {
        entries.clear();
        knownOnline.clear();
        urgent.clear();
    }
}
