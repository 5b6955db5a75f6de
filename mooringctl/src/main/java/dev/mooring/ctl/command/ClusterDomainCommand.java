package dev.mooring.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mooring.ctl.CtlException;
import dev.mooring.ctl.ExitCodes;
import dev.mooring.ctl.api.ApiException;
import dev.mooring.ctl.api.MooringApi;
import dev.mooring.ctl.view.Lists;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mooringctl cluster-domain list|activate|deactivate}: the installations of a disaster-recovery pair. */
@Command(mixinStandardHelpOptions = true, name = "cluster-domain", description = "Cluster domains of disaster recovery"
        + " (topology-svc): which is active, the witness, the stretched pods.",
        subcommands = {ClusterDomainCommand.List.class, ClusterDomainCommand.Activate.class,
                ClusterDomainCommand.Deactivate.class})
public final class ClusterDomainCommand extends Group {

    /** Every domain, the witness, the pods. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = {"ls", "status"}, description = "Every cluster"
            + " domain (local one marked *): state, reachable, last change and its reason or the error; the witness; each"
            + " stretched pod per array.")
    static final class List extends Shown {
        @Override
        protected void show() {
            session().printer().print(session().api().clusterDomains(), Lists::clusterDomains);
        }
    }

    /** Options of activate and deactivate. */
    abstract static class Change extends Base {
        @Parameters(paramLabel = "NAME", description = "The cluster domain (see cluster-domain list).")
        String name;

        @Option(names = "--wait", description = "Wait until topology-svc shows the domain in its new state, with a"
                + " progress line.")
        boolean wait;

        @Option(names = "--timeout", defaultValue = "5m", converter = Durations.class,
                description = "How long --wait waits (default ${DEFAULT-VALUE}).")
        Duration timeout;

        abstract boolean activate();

        @Override
        public Integer call() {
            String target = activate() ? "active" : "inactive";
            MooringApi api = session().api();
            JsonNode view;
            try {
                view = api.changeClusterDomain(name, activate());
            } catch (ApiException e) {
                // topology-svc answered, but could not reach the other domain's: the other side is what is unreachable.
                if (e.status() == 503) {
                    throw new CtlException(ExitCodes.UNREACHABLE, e.getMessage());
                }
                throw e;
            }
            if (view == null) {
                view = api.clusterDomains();
            }
            if (wait) {
                AtomicReference<JsonNode> last = new AtomicReference<>(view);
                new Waiter(session(), Duration.ofMillis(500)).until("cluster domain " + name + " to be " + target, () -> {
                    last.set(api.clusterDomains());
                    return JsonNodeFactory.instance.objectNode().put("state", stateOf(last.get()));
                }, timeout, d -> target.equals(d.path("state").asText()) ? Waiter.Outcome.DONE : Waiter.Outcome.WAITING);
                view = last.get();
            }
            String state = stateOf(view);
            String line = target.equals(state)
                    ? "cluster domain " + name + " is " + target + " (epoch " + view.path("epoch").asText("?") + ")\n"
                    : "cluster domain " + name + " asked to be " + target + "; it is " + state + " now\n";
            session().printer().print(view, v -> line + "\n" + Lists.domains(v));
            return ExitCodes.OK;
        }

        /** This domain's state in a view of the domains: {@code unreachable} when the local side cannot tell. */
        private String stateOf(JsonNode view) {
            for (JsonNode domain : MooringApi.rows(view, "domains")) {
                if (domain.path("name").asText().equals(name)) {
                    return domain.path("reachable").asBoolean(true) && domain.hasNonNull("state")
                            ? domain.path("state").asText() : "unreachable";
                }
            }
            throw new CtlException(ExitCodes.NOT_FOUND, "topology-svc does not list cluster domain " + name
                    + " (see mooringctl cluster-domain list)");
        }
    }

    /** Makes a domain active. */
    @Command(mixinStandardHelpOptions = true, name = "activate", description = "Make a cluster domain active; refused"
            + " (with the reason) when both would be active. With --wait, until it shows active.")
    static final class Activate extends Change {
        @Override
        boolean activate() {
            return true;
        }
    }

    /** Makes a domain inactive. */
    @Command(mixinStandardHelpOptions = true, name = "deactivate", description = "Make a cluster domain inactive. With"
            + " --wait, until it shows inactive.")
    static final class Deactivate extends Change {
        @Override
        boolean activate() {
            return false;
        }
    }
}
