package dev.mooring.topology.dr.service;

import dev.mooring.topology.dr.domain.PreflightCheck;
import java.util.List;

/** What a failover would do: its pre-flight checks, the namespaces it moves, the epoch and the steps. */
public record FailoverPlan(String failedDomain, String survivor, long epoch, List<PreflightCheck> checks,
                           List<String> namespaces, List<String> steps) {

    public boolean wouldSucceed() {
        return checks.stream().allMatch(PreflightCheck::passed);
    }

    public String failedChecks() {
        return String.join("; ", checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail()).toList());
    }
}
