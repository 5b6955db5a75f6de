package dev.mooring.ctl.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code mooringctl failback --domain NAME} and {@code failback list|inspect}. */
@Command(mixinStandardHelpOptions = true, name = "failback", description = "Fail back to a cluster domain that has"
        + " recovered (topology-svc); list and inspect show failbacks.",
        subcommands = {FailbackCommand.List.class, FailbackCommand.Inspect.class})
public final class FailbackCommand extends DrOperations.Start {

    private static final String KIND = "failback";

    // Not required to picocli: "failback list" has no domain. call() asks for it.
    @Option(names = "--domain", paramLabel = "NAME", description = "The cluster domain to make active again.")
    String domain;

    @Override
    public Integer call() {
        if (domain == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--domain=NAME' (or one of "
                    + String.join(", ", spec.subcommands().keySet()) + ")");
        }
        return started(KIND, session().api().failback(domain));
    }

    /** Every failback. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Every failback: from, to,"
            + " state, when requested, how long it took, failure.")
    static final class List extends DrOperations.ListAll {
        @Override
        String kind() {
            return KIND;
        }
    }

    /** One failback. */
    @Command(mixinStandardHelpOptions = true, name = "inspect", description = "One failback: every step with its time"
            + " and detail.")
    static final class Inspect extends DrOperations.Inspect {
        @Override
        String kind() {
            return KIND;
        }
    }
}
