package dev.mooring.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.ctl.ExitCodes;
import dev.mooring.ctl.output.Cells;
import dev.mooring.ctl.view.Inspections;
import dev.mooring.ctl.view.Lists;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code failover} and {@code failback} share: starting an operation, waiting for it, listing and inspecting. */
final class DrOperations {

    private static final Duration POLL = Duration.ofMillis(500);

    private DrOperations() {
    }

    /** Options of the commands that start an operation. */
    abstract static class Start extends Base {
        @Option(names = "--wait", description = "Wait for the outcome, printing each step as it finishes; exit non-zero"
                + " with the failure when it fails.")
        boolean wait;

        @Option(names = "--timeout", defaultValue = "10m", converter = Durations.class,
                description = "How long --wait waits (default ${DEFAULT-VALUE}).")
        Duration timeout;

        /** Prints the operation started (or found running or done), or waits for its outcome. */
        Integer started(String kind, JsonNode operation) {
            if (!wait) {
                session().printer().print(operation, o -> kind + " " + Cells.text(o, "id") + " (" + Cells.text(o, "from")
                        + " to " + Cells.text(o, "to") + "): " + Cells.text(o, "state") + "\n");
                return ExitCodes.OK;
            }
            String id = operation.path("id").asText();
            Set<String> reported = new HashSet<>();
            JsonNode done = new Waiter(session(), POLL).until(kind + " " + id,
                    () -> session().api().drOperation(kind, id), timeout,
                    o -> switch (o.path("state").asText()) {
                        case "Succeeded" -> Waiter.Outcome.DONE;
                        case "Failed" -> Waiter.Outcome.FAILED;
                        default -> Waiter.Outcome.WAITING;
                    },
                    o -> reportFinishedSteps(o, reported), DrOperations::failure);
            session().printer().print(done, o -> kind + " " + id + " (" + Cells.text(o, "from") + " to "
                    + Cells.text(o, "to") + "): Succeeded" + took(o) + "\n");
            return ExitCodes.OK;
        }

        /** Each step that finished since the last reading, once, on stderr with the progress. */
        private void reportFinishedSteps(JsonNode operation, Set<String> reported) {
            for (JsonNode step : operation.path("steps")) {
                String state = step.path("state").asText();
                if (state.equals("pending") || state.equals("running") || !reported.add(step.path("name").asText())) {
                    continue;
                }
                String at = Cells.preciseTime(step, "at");
                String detail = Cells.text(step, "detail");
                session().err().println("step " + step.path("name").asText() + " " + state + (at.isEmpty() ? "" : " at " + at)
                        + (detail.isEmpty() ? "" : ": " + detail));
            }
            session().err().flush();
        }
    }

    /** Why an operation failed: its failure, else its failed step. */
    static String failure(JsonNode operation) {
        String failure = Cells.failure(operation);
        for (JsonNode step : operation.path("steps")) {
            if (step.path("state").asText().equals("failed")) {
                String detail = Cells.text(step, "detail");
                String stepText = "step " + step.path("name").asText() + " failed" + (detail.isEmpty() ? "" : ": " + detail);
                return failure.isEmpty() ? stepText : failure + " (" + stepText + ")";
            }
        }
        return failure;
    }

    private static String took(JsonNode operation) {
        String took = Cells.after(operation, "requestedAt", "finishedAt");
        return took.isEmpty() ? "" : " in " + took.substring(1);
    }

    /** Every operation of one kind. */
    abstract static class ListAll extends Shown {
        abstract String kind();

        @Override
        protected void show() {
            session().printer().print(session().api().drOperations(kind()), a -> Lists.drOperations(a, kind() + "s"));
        }
    }

    /** One operation, step by step. */
    abstract static class Inspect extends Shown {
        @Parameters(paramLabel = "ID", description = "Its id (see the list).")
        String id;

        abstract String kind();

        @Override
        protected void show() {
            session().printer().print(session().api().drOperation(kind(), id), Inspections::drOperation);
        }
    }
}
