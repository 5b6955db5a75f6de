package dev.mooring.ctl.command;

import dev.mooring.ctl.view.Inspections;
import dev.mooring.ctl.view.Lists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mooringctl array list|inspect}. */
@Command(mixinStandardHelpOptions = true, name = "array", description = "FlashArrays registered with the provisioner.",
        subcommands = {ArrayCommand.List.class, ArrayCommand.Inspect.class})
public final class ArrayCommand extends Group {

    /** Every array: status, Purity, capacity. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Every array: status, Purity version, capacity, free space.")
    static final class List extends Shown {
        @Override
        protected void show() {
            session().printer().print(session().api().arrays(), Lists::arrays);
        }
    }

    /** One array. */
    @Command(mixinStandardHelpOptions = true, name = "inspect", description = "One array: id, endpoint, status, Purity, capacity, labels, last change.")
    static final class Inspect extends Shown {
        @Parameters(paramLabel = "NAME", description = "The array's name (as in pure.json).")
        String name;

        @Override
        protected void show() {
            session().printer().print(session().api().array(name), Inspections::array);
        }
    }
}
