package dev.mooring.flasharray.sim.admin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The active faults, matched in the order they were added; the first that fires decides. */
public final class FaultRegistry {
    private static final Set<Integer> ALLOWED_STATUS = Set.of(400, 401, 403, 404, 408, 429, 500, 502, 503, 504);
    private final List<Active> faults = new ArrayList<>();
    /** How often each fault fired, by id, kept after it was removed or used up: what a chaos run injected. */
    private final Map<String, Long> fired = new LinkedHashMap<>();
    private long nextId = 1;

    private static final class Active {
        FaultSpec spec;
        Integer remaining;
        final Random random;

        Active(FaultSpec spec) {
            this.spec = spec;
            this.remaining = spec.count();
            this.random = new Random(spec.seed() == null ? 42L : spec.seed());
        }
    }

    /** Validates and adds; returns the spec with its id. Throws IllegalArgumentException naming the field. */
    public synchronized FaultSpec add(FaultSpec spec, Set<String> arrays) {
        if (spec.array() != null && !arrays.contains(spec.array())) {
            throw new IllegalArgumentException("array: unknown array '" + spec.array() + "'");
        }
        if (spec.method() != null && !Set.of("GET", "POST", "PATCH", "DELETE", "PUT").contains(spec.method().toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("method: must be GET, POST, PATCH, DELETE or null for all");
        }
        if (spec.status() != null && !ALLOWED_STATUS.contains(spec.status())) {
            throw new IllegalArgumentException("status: must be one of " + new java.util.TreeSet<>(ALLOWED_STATUS) + " or null for latency only");
        }
        if (spec.count() != null && spec.count() < 1) {
            throw new IllegalArgumentException("count: must be at least 1, or null for unlimited");
        }
        if (spec.rate() != null && (spec.rate() < 0.0 || spec.rate() > 1.0)) {
            throw new IllegalArgumentException("rate: must be between 0.0 and 1.0");
        }
        if (spec.latencyMs() < 0 || spec.latencyMs() > 600_000) {
            throw new IllegalArgumentException("latencyMs: must be between 0 and 600000");
        }
        String phase = spec.phase() == null ? FaultSpec.BEFORE : spec.phase();
        if (!phase.equals(FaultSpec.BEFORE) && !phase.equals(FaultSpec.AFTER)) {
            throw new IllegalArgumentException("phase: must be 'before' or 'after'");
        }
        if (spec.status() == null && spec.latencyMs() == 0) {
            throw new IllegalArgumentException("status: give a status, a latencyMs, or both");
        }
        String endpoint = spec.endpoint() == null || spec.endpoint().isBlank() ? "*" : spec.endpoint().replaceAll("^/+|/+$", "");
        FaultSpec stored = new FaultSpec(String.valueOf(nextId++), spec.array(),
                spec.method() == null ? null : spec.method().toUpperCase(Locale.ROOT), endpoint, spec.status(),
                spec.count(), spec.rate(), spec.latencyMs(), phase, spec.message(), spec.seed());
        faults.add(new Active(stored));
        fired.put(stored.id(), 0L);
        return stored;
    }

    /** The fault that fires for this request, consuming one of its count; null when none. */
    public synchronized FaultSpec fire(String array, String method, String endpoint) {
        if (faults.isEmpty()) {
            return null;
        }
        Iterator<Active> it = faults.iterator();
        while (it.hasNext()) {
            Active a = it.next();
            FaultSpec s = a.spec;
            if (s.array() != null && !s.array().equals(array)) {
                continue;
            }
            if (s.method() != null && !s.method().equals(method)) {
                continue;
            }
            if (!s.endpoint().equals("*") && !s.endpoint().equalsIgnoreCase(endpoint)) {
                continue;
            }
            if (s.rate() != null && a.random.nextDouble() >= s.rate()) {
                continue;
            }
            fired.merge(s.id(), 1L, Long::sum);
            if (a.remaining != null) {
                a.remaining--;
                if (a.remaining <= 0) {
                    it.remove();
                }
            }
            return s;
        }
        return null;
    }

    /** The active faults, {@code count} showing what remains. */
    public synchronized List<FaultSpec> list() {
        List<FaultSpec> out = new ArrayList<>();
        for (Active a : faults) {
            out.add(a.spec.withCount(a.remaining));
        }
        return out;
    }

    /** How often each fault added so far fired (faults that never fired: 0), by id, in the order they were added. */
    public synchronized Map<String, Long> fired() {
        return new LinkedHashMap<>(fired);
    }

    public synchronized boolean remove(String id) {
        return faults.removeIf(a -> a.spec.id().equals(id));
    }

    public synchronized void clear() {
        faults.clear();
    }
}
