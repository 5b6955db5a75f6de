package dev.mooring.ctl.command;

import dev.mooring.ctl.view.Inspections;
import dev.mooring.ctl.view.Lists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mooringctl takeover list|inspect}. */
@Command(mixinStandardHelpOptions = true, name = "takeover", description = "Takeovers of failed storage nodes (health-svc).",
        subcommands = {TakeoverCommand.List.class, TakeoverCommand.Inspect.class})
public final class TakeoverCommand extends Group {

    /** Every takeover. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Every takeover: failed node, replacement, status, deadline,"
            + " how long it took.")
    static final class List extends Shown {
        @Option(names = "--in-flight", description = "Only those neither completed nor abandoned.")
        boolean inFlight;

        @Override
        protected void show() {
            session().printer().print(session().api().takeovers(inFlight), Lists::takeovers);
        }
    }

    /** One takeover, phase by phase. */
    @Command(mixinStandardHelpOptions = true, name = "inspect", description = "One takeover: every phase with its time and how long after the deadline.")
    static final class Inspect extends Shown {
        @Parameters(paramLabel = "ID", description = "The takeover's id (see takeover list).")
        String id;

        @Override
        protected void show() {
            session().printer().print(session().api().takeover(id), Inspections::takeover);
        }
    }
}
