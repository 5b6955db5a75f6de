package dev.mooring.flasharray.client;

import java.util.concurrent.atomic.AtomicLong;

/** What one client has done so far — requests, retries, rate-limit waits, logins — for {@link ClientStats}. */
final class TransportCounters {

    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong rateLimitWaits = new AtomicLong();
    final AtomicLong logins = new AtomicLong();
    final AtomicLong relogins = new AtomicLong();

    ClientStats stats(ConcurrencyLimiter limiter) {
        return new ClientStats(limiter.max(), limiter.inFlight(), limiter.queued(), limiter.maxObserved(),
                limiter.queuedTotal(), requests.get(), retries.get(), rateLimitWaits.get(), logins.get(),
                relogins.get());
    }
}
