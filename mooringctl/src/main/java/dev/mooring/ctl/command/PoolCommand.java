package dev.mooring.ctl.command;

import dev.mooring.ctl.view.Inspections;
import dev.mooring.ctl.view.Lists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mooringctl pool list|inspect}. */
@Command(mixinStandardHelpOptions = true, name = "pool", description = "Storage pools of storage nodes.",
        subcommands = {PoolCommand.List.class, PoolCommand.Inspect.class})
public final class PoolCommand extends Group {

    /** Every pool. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Every pool: node, state, zone, capacity, use, drives.")
    static final class List extends Shown {
        @Override
        protected void show() {
            session().printer().print(session().api().pools(), Lists::pools);
        }
    }

    /** One pool. */
    @Command(mixinStandardHelpOptions = true, name = "inspect", description = "One pool and its drives.")
    static final class Inspect extends Shown {
        @Parameters(paramLabel = "POOL", description = "The pool's id (pool-<node>).")
        String id;

        @Override
        protected void show() {
            session().printer().print(session().api().pool(id), Inspections::pool);
        }
    }
}
