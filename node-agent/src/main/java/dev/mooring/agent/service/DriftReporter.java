package dev.mooring.agent.service;

import dev.mooring.agent.domain.Drift;

/** Where a drift the self-healing loop found and handled is reported: a Node Event and a metric. */
public interface DriftReporter {

    void report(Drift drift, boolean remedied, String outcome);
}
