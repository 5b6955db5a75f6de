package dev.mooring.ctl.command;

import dev.mooring.ctl.view.Inspections;
import dev.mooring.ctl.view.Lists;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mooringctl attachment list|inspect}. */
@Command(mixinStandardHelpOptions = true, name = "attachment", description = "Volumes attached to nodes (attach-svc).",
        subcommands = {AttachmentCommand.List.class, AttachmentCommand.Inspect.class})
public final class AttachmentCommand extends Group {

    /** Attachments, optionally of one volume or node. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Attachments: volume, node, state, paths per array, device.")
    static final class List extends Shown {
        @Option(names = "--volume", description = "Only this volume's (its id).")
        String volume;

        @Option(names = "--node", description = "Only this node's.")
        String node;

        @Override
        protected void show() {
            session().printer().print(session().api().attachments(volume, node), Lists::attachments);
        }
    }

    /** One attachment. */
    @Command(mixinStandardHelpOptions = true, name = "inspect", description = "One attachment: state, failure, device and each path with its state.")
    static final class Inspect extends Shown {
        @Parameters(paramLabel = "ID", description = "The attachment's id.")
        String id;

        @Override
        protected void show() {
            session().printer().print(session().api().attachment(id), Inspections::attachment);
        }
    }
}
