package dev.mooring.flasharray.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When and how long the client waits and tries again. All waits use Vert.x timers.
 *
 * <h2>The rule</h2>
 * <ul>
 *   <li><b>Transient failures</b> — HTTP 5xx (including 500 "Server is busy"), a timeout, a connection
 *       refused or reset — are retried with exponential backoff and jitter
 *       ({@code initialBackoff × 2^(n-1)}, capped at {@code maxBackoff}, ±{@code jitter}), at most
 *       {@code maxRetries} times, but <i>only</i> when repeating the call is harmless:
 *       <ul>
 *         <li>reads (GET), {@code api_version}, login and logout: always;</li>
 *         <li>a connection refused before anything was sent: always (the array saw nothing);</li>
 *         <li>mutations that set an absolute state (resize, set/unset QoS, replace initiator lists,
 *             set mediator or failover preferences): when {@link MutationRetry} is {@code SAFE}
 *             (the default) or {@code ALWAYS};</li>
 *         <li>any other mutation (create, rename, destroy, recover, eradicate, connect, disconnect,
 *             add/remove members, stretch…): only with {@link MutationRetry#ALWAYS}. By default such a
 *             failure surfaces as a {@code FlashArrayUnavailableException} with outcome
 *             {@code MAY_HAVE_HAPPENED}: the caller looks the object up by its deterministic name and
 *             decides.</li>
 *       </ul></li>
 *   <li><b>HTTP 429</b> — the request was not applied, so every call is retried after the wait the array
 *       asks for ({@code Retry-After}, {@code RateLimit-Reset}, or a full {@code X-RateLimit-Remaining-*}
 *       window), each wait capped at {@code maxRateLimitWait}, at most {@code maxRateLimitRetries} times;
 *       then {@code FlashArrayRateLimitedException}.</li>
 *   <li><b>HTTP 401</b> — the session is re-established (one shared login) and the call repeated once.</li>
 *   <li>Any other 4xx is final and never retried.</li>
 * </ul>
 */
public final class RetryPolicy {

    /** Which mutations may be repeated automatically after a failure that may have happened. */
    public enum MutationRetry {
        /** None: every mutation failure surfaces to the caller. */
        NEVER,
        /** Mutations that set an absolute state, whose repetition changes nothing (default). */
        SAFE,
        /** All mutations: the caller accepts that a repeat may meet its own first attempt ("already exists"). */
        ALWAYS
    }

    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final int maxRateLimitRetries;
    private final Duration maxRateLimitWait;
    private final Duration defaultRateLimitWait;
    private final MutationRetry mutationRetry;

    private RetryPolicy(Builder b) {
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxRateLimitRetries = b.maxRateLimitRetries;
        this.maxRateLimitWait = b.maxRateLimitWait;
        this.defaultRateLimitWait = b.defaultRateLimitWait;
        this.mutationRetry = b.mutationRetry;
    }

    /** 4 retries, 1 s → 30 s backoff, ±20 % jitter, 5 rate-limit waits of at most 60 s, safe mutations only. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** No automatic retry at all (401 re-login still happens once). */
    public static RetryPolicy none() {
        return builder().maxRetries(0).maxRateLimitRetries(0).mutationRetry(MutationRetry.NEVER).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .maxRetries(maxRetries)
                .initialBackoff(initialBackoff)
                .maxBackoff(maxBackoff)
                .jitter(jitter)
                .maxRateLimitRetries(maxRateLimitRetries)
                .maxRateLimitWait(maxRateLimitWait)
                .defaultRateLimitWait(defaultRateLimitWait)
                .mutationRetry(mutationRetry);
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double jitter() {
        return jitter;
    }

    public int maxRateLimitRetries() {
        return maxRateLimitRetries;
    }

    public Duration maxRateLimitWait() {
        return maxRateLimitWait;
    }

    public Duration defaultRateLimitWait() {
        return defaultRateLimitWait;
    }

    public MutationRetry mutationRetry() {
        return mutationRetry;
    }

    /**
     * The wait before retry number {@code retry} (1-based):
     * {@code min(maxBackoff, initialBackoff × 2^(retry-1)) × (1 - jitter + 2·jitter·u)}, {@code u} from
     * {@code random} in [0,1), never above {@code maxBackoff}.
     */
    public Duration backoff(int retry, DoubleSupplier random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based");
        }
        double base = initialBackoff.toNanos();
        double cap = maxBackoff.toNanos();
        double exp = Math.min(cap, base * Math.pow(2, Math.min(retry - 1, 62)));
        double u = random.getAsDouble();
        double factor = 1.0 - jitter + 2.0 * jitter * u;
        double nanos = Math.min(cap, Math.max(0, exp * factor));
        return Duration.ofNanos((long) nanos);
    }

    /** The wait for a 429: the array's request, or the default, capped at {@code maxRateLimitWait}. */
    public Duration rateLimitWait(Duration requested) {
        Duration d = requested == null || requested.isNegative() ? defaultRateLimitWait : requested;
        return d.compareTo(maxRateLimitWait) > 0 ? maxRateLimitWait : d;
    }

    /** Whether a mutation of the given kind may be repeated after a failure that may have happened. */
    public boolean mayRetryMutation(boolean absoluteState) {
        return switch (mutationRetry) {
            case NEVER -> false;
            case SAFE -> absoluteState;
            case ALWAYS -> true;
        };
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", backoff=" + initialBackoff + ".." + maxBackoff
                + ", jitter=" + jitter + ", rateLimitRetries=" + maxRateLimitRetries + ", maxRateLimitWait="
                + maxRateLimitWait + ", mutations=" + mutationRetry + "]";
    }

    /** Builder; see the class documentation for what each value means. */
    public static final class Builder {
        private int maxRetries = 4;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double jitter = 0.2;
        private int maxRateLimitRetries = 5;
        private Duration maxRateLimitWait = Duration.ofSeconds(60);
        private Duration defaultRateLimitWait = Duration.ofSeconds(1);
        private MutationRetry mutationRetry = MutationRetry.SAFE;

        private Builder() {
        }

        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = n;
            return this;
        }

        public Builder initialBackoff(Duration d) {
            this.initialBackoff = positive(d, "initialBackoff");
            return this;
        }

        public Builder maxBackoff(Duration d) {
            this.maxBackoff = positive(d, "maxBackoff");
            return this;
        }

        /** Relative jitter in [0, 1]: 0.2 spreads each wait over ±20 %. */
        public Builder jitter(double j) {
            if (!(j >= 0 && j <= 1)) {
                throw new IllegalArgumentException("jitter must be in [0,1]");
            }
            this.jitter = j;
            return this;
        }

        public Builder maxRateLimitRetries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRateLimitRetries must be >= 0");
            }
            this.maxRateLimitRetries = n;
            return this;
        }

        public Builder maxRateLimitWait(Duration d) {
            this.maxRateLimitWait = positive(d, "maxRateLimitWait");
            return this;
        }

        /** The wait after a 429 that carries no usable header. */
        public Builder defaultRateLimitWait(Duration d) {
            this.defaultRateLimitWait = positive(d, "defaultRateLimitWait");
            return this;
        }

        public Builder mutationRetry(MutationRetry m) {
            this.mutationRetry = Objects.requireNonNull(m, "mutationRetry");
            return this;
        }

        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
            }
            return new RetryPolicy(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
