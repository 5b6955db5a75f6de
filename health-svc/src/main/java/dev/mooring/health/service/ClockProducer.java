package dev.mooring.health.service;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock of health-svc: every deadline is computed from it and compared with it (never with the
 * database's now()), so the domain, the scheduler and the tests agree. Instances need synchronised clocks (NTP).
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
