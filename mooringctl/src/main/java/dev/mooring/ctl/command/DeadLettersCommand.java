package dev.mooring.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mooring.ctl.ExitCodes;
import dev.mooring.ctl.api.MooringApi;
import dev.mooring.ctl.api.Service;
import dev.mooring.ctl.context.ConfigException;
import dev.mooring.ctl.view.Lists;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mooringctl dead-letters list|replay}. */
@Command(mixinStandardHelpOptions = true, name = "dead-letters", description = "Events a service could not handle, kept for a replay.",
        subcommands = {DeadLettersCommand.List.class, DeadLettersCommand.Replay.class})
public final class DeadLettersCommand extends Group {

    static Service service(String name) {
        return Service.byName(name).orElseThrow(() -> new ConfigException("no service " + name + " (one of "
                + Arrays.stream(Service.values()).map(Service::serviceName).toList() + ")"));
    }

    /** Dead letters of every service (or one). */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Dead letters of every service that has a URL (or --service):"
            + " channel, event, attempts, reason.")
    static final class List extends Shown {
        @Option(names = "--service", description = "Only this service's (provisioner, attach, health, topology).")
        String service;

        @Option(names = "--all", description = "Replayed ones too.")
        boolean all;

        @Override
        protected void show() {
            MooringApi api = session().api();
            ArrayNode rows = JsonNodeFactory.instance.arrayNode();
            for (Service s : service == null ? Service.values() : new Service[] {service(service)}) {
                if (api.client().settings().url(s).isEmpty() && service == null) {
                    continue;
                }
                for (JsonNode letter : MooringApi.rows(api.deadLetters(s, all), "deadLetters")) {
                    ObjectNode row = JsonNodeFactory.instance.objectNode().put("service", s.serviceName());
                    row.setAll((ObjectNode) letter);
                    rows.add(row);
                }
            }
            session().printer().print(rows, Lists::deadLetters);
        }
    }

    /** Replays one. */
    @Command(mixinStandardHelpOptions = true, name = "replay", description = "Hand a dead letter to its handler again.")
    static final class Replay extends Base {
        @Parameters(index = "0", paramLabel = "SERVICE", description = "The service that holds it (provisioner, attach,"
                + " health, topology).")
        String service;

        @Parameters(index = "1", paramLabel = "ID", description = "Its id (see dead-letters list).")
        long id;

        @Override
        public Integer call() {
            Service s = service(service);
            JsonNode replayed = session().api().replayDeadLetter(s, id);
            session().printer().print(replayed, r -> "dead letter " + id + " of " + s.serviceName() + " replayed ("
                    + r.path("eventType").asText("?") + " on " + r.path("channel").asText("?") + ")\n");
            return ExitCodes.OK;
        }
    }
}
