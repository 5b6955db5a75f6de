package dev.mooring.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.ctl.ExitCodes;
import dev.mooring.ctl.api.ApiException;
import dev.mooring.ctl.view.Inspections;
import dev.mooring.ctl.view.Lists;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mooringctl volume list|inspect|create|resize|delete}. */
@Command(mixinStandardHelpOptions = true, name = "volume", description = "Volumes (provisioner-svc).", subcommands = {VolumeCommand.List.class,
        VolumeCommand.Inspect.class, VolumeCommand.Create.class, VolumeCommand.Resize.class, VolumeCommand.Delete.class})
public final class VolumeCommand extends Group {

    /** Volumes. */
    @Command(mixinStandardHelpOptions = true, name = "list", aliases = "ls", description = "Volumes: id, name, state, size, backend, arrays.")
    static final class List extends Shown {
        @Option(names = "--state", description = "Only volumes in this state (Pending, Ready, Failed, Deleting, Deleted).")
        String state;

        @Override
        protected void show() {
            session().printer().print(session().api().volumes(state), Lists::volumes);
        }
    }

    /** One volume with its attachments. */
    @Command(mixinStandardHelpOptions = true, name = "inspect", description = "One volume: arrays, serial, replicas with placement reasons, attachments"
            + " and their paths.")
    static final class Inspect extends Shown {
        @Parameters(paramLabel = "VOLUME", description = "The volume's id or name.")
        String volume;

        @Override
        protected void show() {
            JsonNode v = session().api().volume(volume);
            JsonNode attachments = session().api().attachments(v.path("id").asText(), null);
            if (session().format() == dev.mooring.ctl.output.Format.table) {
                session().printer().print(v, x -> Inspections.volume(x, attachments));
            } else {
                com.fasterxml.jackson.databind.node.ObjectNode both = v.deepCopy();
                both.set("attachments", attachments);
                session().printer().print(both, x -> "");
            }
        }
    }

    /** Options of the commands that change a volume and can wait for the outcome. */
    abstract static class Change extends Base {
        @Option(names = "--wait", description = "Wait for the outcome, with a progress line; exit non-zero with the"
                + " reason when it fails.")
        boolean wait;

        @Option(names = "--timeout", defaultValue = "5m", converter = Durations.class,
                description = "How long --wait waits (default ${DEFAULT-VALUE}).")
        Duration timeout;

        Waiter waiter() {
            return new Waiter(session(), Duration.ofMillis(500));
        }
    }

    /** Requests a volume. */
    @Command(mixinStandardHelpOptions = true, name = "create", description = "Request a volume; with --wait, until it is Ready (or fails).")
    static final class Create extends Change {
        @Parameters(paramLabel = "NAME", description = "The volume's name (unique).")
        String name;

        @Option(names = "--size", required = true, description = "Its size, e.g. 10Gi.")
        String size;

        @Option(names = {"-p", "--parameter"}, description = "A StorageClass parameter, KEY=VALUE (repeatable), e.g."
                + " backend=pure-block.")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Override
        public Integer call() {
            JsonNode volume = session().api().createVolume(name, size, parameters);
            String id = volume.path("id").asText();
            if (!wait) {
                session().printer().print(volume, v -> "volume " + name + " (" + id + ") requested: "
                        + v.path("state").asText() + "\n");
                return ExitCodes.OK;
            }
            JsonNode ready = waiter().until("volume " + name, () -> session().api().volume(id), timeout, Waiter::readyOrFailed);
            session().printer().print(ready, v -> "volume " + name + " (" + id + ") is Ready on " + v.path("arrays")
                    .toString().replaceAll("[\\[\\]\"]", "") + ", serial " + v.path("serial").asText() + "\n");
            return ExitCodes.OK;
        }
    }

    /** Grows a volume. */
    @Command(mixinStandardHelpOptions = true, name = "resize", description = "Grow a volume; with --wait, until it has the new size (or fails).")
    static final class Resize extends Change {
        @Parameters(paramLabel = "VOLUME", description = "The volume's id or name.")
        String volume;

        @Option(names = "--size", required = true, description = "The new size, e.g. 20Gi.")
        String size;

        @Override
        public Integer call() {
            String id = session().api().volume(volume).path("id").asText();
            JsonNode changed = session().api().resizeVolume(id, size);
            if (!wait) {
                session().printer().print(changed, v -> "volume " + volume + " resize to " + size + " requested\n");
                return ExitCodes.OK;
            }
            long previous = changed == null ? 0 : changed.path("sizeBytes").asLong();
            JsonNode done = waiter().until("volume " + volume + " to " + size, () -> session().api().volume(id), timeout,
                    // A failed resize leaves the volume Ready at its old size and clears the pending request.
                    v -> v.path("sizeBytes").asLong() > previous ? Waiter.Outcome.DONE
                            : v.hasNonNull("resizeRequestedBytes") ? Waiter.Outcome.WAITING : Waiter.Outcome.FAILED);
            session().printer().print(done, v -> "volume " + volume + " is " + v.path("size").asText() + "\n");
            return ExitCodes.OK;
        }
    }

    /** Deletes a volume. */
    @Command(mixinStandardHelpOptions = true, name = "delete", aliases = "rm", description = "Delete a volume; with --wait, until it is Deleted.")
    static final class Delete extends Change {
        @Parameters(paramLabel = "VOLUME", description = "The volume's id or name.")
        String volume;

        @Override
        public Integer call() {
            String id = session().api().volume(volume).path("id").asText();
            JsonNode deleting = session().api().deleteVolume(id);
            if (!wait) {
                session().printer().print(deleting, v -> "volume " + volume + " (" + id + ") is being deleted\n");
                return ExitCodes.OK;
            }
            JsonNode gone = waiter().until("deletion of volume " + volume, () -> {
                try {
                    return session().api().volume(id);
                } catch (ApiException e) {
                    if (e.kind() == ApiException.Kind.NOT_FOUND) {
                        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                .put("id", id).put("state", "Deleted");
                    }
                    throw e;
                }
            }, timeout, v -> switch (v.path("state").asText()) {
                case "Deleted" -> Waiter.Outcome.DONE;
                case "Failed" -> Waiter.Outcome.FAILED;
                default -> Waiter.Outcome.WAITING;
            });
            session().printer().print(gone, v -> "volume " + volume + " (" + id + ") is Deleted\n");
            return ExitCodes.OK;
        }
    }
}
