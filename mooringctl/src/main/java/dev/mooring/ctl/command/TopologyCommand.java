package dev.mooring.ctl.command;

import dev.mooring.ctl.view.Lists;
import picocli.CommandLine.Command;

/** {@code mooringctl topology}. */
@Command(mixinStandardHelpOptions = true, name = "topology", description = "The cluster's topology tree (region, zone, rack, nodes) and its conflicts.")
public final class TopologyCommand extends Shown {

    @Override
    protected void show() {
        session().printer().print(session().api().topology(), Lists::topology);
    }
}
