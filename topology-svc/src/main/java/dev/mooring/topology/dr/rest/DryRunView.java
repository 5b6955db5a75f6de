package dev.mooring.topology.dr.rest;

import dev.mooring.topology.dr.domain.PreflightCheck;
import java.util.List;

/** What a failover would do, changing nothing. */
public record DryRunView(boolean dryRun, boolean wouldSucceed, String failedDomain, String survivor, long epoch,
                         List<PreflightCheck> checks, List<String> namespaces, List<String> steps) {
}
