package dev.mooring.ctl.command;

import dev.mooring.ctl.view.Inspections;
import dev.mooring.ctl.view.Lists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mooringctl node list|inspect}. */
@Command(mixinStandardHelpOptions = true, name = "node", description = "Nodes as health-svc sees them.",
        subcommands = {NodeCommand.List.class, NodeCommand.Inspect.class})
public final class NodeCommand extends Group {

    /** Every node. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Every node: state, role, zone, pool, last heartbeat.")
    static final class List extends Shown {
        @Override
        protected void show() {
            session().printer().print(session().api().nodes(), Lists::nodes);
        }
    }

    /** One node. */
    @Command(mixinStandardHelpOptions = true, name = "inspect", description = "One node: state, role, zone, signals, last heartbeat, outage, takeover"
            + " history.")
    static final class Inspect extends Shown {
        @Parameters(paramLabel = "NODE", description = "The node's name.")
        String name;

        @Override
        protected void show() {
            session().printer().print(session().api().node(name), Inspections::node);
        }
    }
}
