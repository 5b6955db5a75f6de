package dev.mooring.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.ctl.CtlException;
import dev.mooring.ctl.ExitCodes;
import dev.mooring.ctl.api.ApiException;
import dev.mooring.ctl.view.Inspections;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code mooringctl failover --failed-domain NAME} and {@code failover list|inspect}. */
@Command(mixinStandardHelpOptions = true, name = "failover", description = "Fail over from a cluster domain that failed"
        + " to the other (topology-svc): --dry-run shows the checks and steps; list and inspect show failovers.",
        subcommands = {FailoverCommand.List.class, FailoverCommand.Inspect.class})
public final class FailoverCommand extends DrOperations.Start {

    private static final String KIND = "failover";

    // Not required to picocli: "failover list" has no failed domain. call() asks for it.
    @Option(names = "--failed-domain", paramLabel = "NAME", description = "The cluster domain that failed.")
    String failedDomain;

    @Option(names = "--dry-run", description = "Only show whether it would succeed: each check and the steps.")
    boolean dryRun;

    @Option(names = "--force", description = "Ask topology-svc to fail over even though a check fails.")
    boolean force;

    @Override
    public Integer call() {
        if (failedDomain == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--failed-domain=NAME' (or one of"
                    + " " + String.join(", ", spec.subcommands().keySet()) + ")");
        }
        if (dryRun) {
            return dryRun();
        }
        JsonNode operation;
        try {
            operation = session().api().failover(failedDomain, false, force);
        } catch (ApiException e) {
            printFailedChecks(e);
            throw e;
        }
        return started(KIND, operation);
    }

    private Integer dryRun() {
        JsonNode plan = session().api().failover(failedDomain, true, force);
        session().printer().print(plan, p -> "Dry run of the failover from " + failedDomain + ":\n"
                + Inspections.failoverPlan(p));
        if (plan.path("wouldSucceed").asBoolean()) {
            return ExitCodes.OK;
        }
        java.util.List<String> failed = new ArrayList<>();
        plan.path("checks").forEach(c -> {
            if (!c.path("passed").asBoolean()) {
                failed.add(c.path("name").asText());
            }
        });
        throw new CtlException(ExitCodes.FAILED, "the failover from " + failedDomain + " would not succeed"
                + (failed.isEmpty() ? "" : ": failed " + String.join(", ", failed)));
    }

    /** A refusal lists the checks that failed: each on stderr before the reason. */
    private void printFailedChecks(ApiException e) {
        JsonNode checks = e.problem() == null ? null : e.problem().path("checks");
        if (checks == null || !checks.isArray() || checks.isEmpty()) {
            return;
        }
        Inspections.checks(checks).lines().forEach(session().err()::println);
        session().err().flush();
    }

    /** Every failover. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Every failover: from, to,"
            + " state, when requested, how long it took, failure.")
    static final class List extends DrOperations.ListAll {
        @Override
        String kind() {
            return KIND;
        }
    }

    /** One failover. */
    @Command(mixinStandardHelpOptions = true, name = "inspect", description = "One failover: every step with its time"
            + " and detail.")
    static final class Inspect extends DrOperations.Inspect {
        @Override
        String kind() {
            return KIND;
        }
    }
}
