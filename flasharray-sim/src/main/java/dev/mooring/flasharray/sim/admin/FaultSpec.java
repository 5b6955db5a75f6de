package dev.mooring.flasharray.sim.admin;

/**
 * A fault to inject into REST answers. {@code array} null = every array; {@code method} null = every method;
 * {@code endpoint} a collection path after the version ({@code volumes}, {@code host-groups/hosts},
 * {@code login}, {@code api_version}) or {@code *}. {@code status} (e.g. 500, 503, 429) null = latency only.
 * {@code count} null = unlimited firings; {@code rate} null = every matching request, else a probability drawn
 * from a {@code seed}ed generator. {@code phase} {@code before} answers with the error without doing the
 * operation; {@code after} does it and then answers with the error ("it may have happened").
 */
public record FaultSpec(String id, String array, String method, String endpoint, Integer status, Integer count,
                        Double rate, long latencyMs, String phase, String message, Long seed) {
    public static final String BEFORE = "before";
    public static final String AFTER = "after";

    /** An error answer {@code status} for {@code count} matching requests of every array (count null = always). */
    public static FaultSpec error(String method, String endpoint, int status, Integer count) {
        return new FaultSpec(null, null, method, endpoint, status, count, null, 0, BEFORE, null, null);
    }

    public FaultSpec onArray(String a) {
        return new FaultSpec(id, a, method, endpoint, status, count, rate, latencyMs, phase, message, seed);
    }

    public FaultSpec after() {
        return new FaultSpec(id, array, method, endpoint, status, count, rate, latencyMs, AFTER, message, seed);
    }

    public FaultSpec withMessage(String m) {
        return new FaultSpec(id, array, method, endpoint, status, count, rate, latencyMs, phase, m, seed);
    }

    public FaultSpec withLatencyMs(long ms) {
        return new FaultSpec(id, array, method, endpoint, status, count, rate, ms, phase, message, seed);
    }

    public FaultSpec withRate(double r, long s) {
        return new FaultSpec(id, array, method, endpoint, status, count, r, latencyMs, phase, message, s);
    }

    FaultSpec withId(String newId) {
        return new FaultSpec(newId, array, method, endpoint, status, count, rate, latencyMs, phase, message, seed);
    }

    FaultSpec withCount(Integer c) {
        return new FaultSpec(id, array, method, endpoint, status, c, rate, latencyMs, phase, message, seed);
    }
}
