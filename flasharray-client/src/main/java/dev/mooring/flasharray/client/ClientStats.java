package dev.mooring.flasharray.client;

/**
 * A snapshot of one client's activity, for metrics and tests.
 *
 * @param maxConcurrentRequests the configured bound
 * @param inFlight              requests on the wire now
 * @param queued                requests waiting for a permit now
 * @param maxInFlightObserved   the highest number of simultaneous requests seen
 * @param queuedTotal           how many requests ever had to wait for a permit
 * @param requests              HTTP requests sent (each attempt counts)
 * @param retries               transient-failure retries (5xx, timeout, connection)
 * @param rateLimitWaits        waits after a 429
 * @param logins                successful logins
 * @param relogins              logins forced by a 401 on an established session
 */
public record ClientStats(int maxConcurrentRequests, int inFlight, int queued, int maxInFlightObserved,
                          long queuedTotal, long requests, long retries, long rateLimitWaits, long logins,
                          long relogins) {
}
