package dev.mooring.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mooring.ctl.CtlException;
import dev.mooring.ctl.ExitCodes;
import dev.mooring.ctl.output.Cells;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code --wait}: reads the object until its outcome, printing a progress line on stderr whenever its state changes
 * (and every few seconds meanwhile); a failure ends in a {@link CtlException} with the object's own reason.
 */
final class Waiter {

    /** What a reading says. */
    enum Outcome { WAITING, DONE, FAILED }

    private static final Duration NOTE_EVERY = Duration.ofSeconds(5);

    private final Session session;
    private final Duration poll;

    Waiter(Session session, Duration poll) {
        this.session = session;
        this.poll = poll;
    }

    static Outcome readyOrFailed(JsonNode volume) {
        return switch (volume.path("state").asText()) {
            case "Ready" -> Outcome.DONE;
            case "Failed" -> Outcome.FAILED;
            default -> Outcome.WAITING;
        };
    }

    JsonNode until(String what, Supplier<JsonNode> read, Duration timeout, Function<JsonNode, Outcome> outcome) {
        return until(what, read, timeout, outcome, current -> { }, Cells::failure);
    }

    /**
     * As above; {@code onRead} sees every reading (to report more than its state, e.g. each finished step), and
     * {@code reason} says why a failed one failed.
     */
    JsonNode until(String what, Supplier<JsonNode> read, Duration timeout, Function<JsonNode, Outcome> outcome,
            Consumer<JsonNode> onRead, Function<JsonNode, String> reason) {
        Instant start = session.clock().instant();
        String lastState = null;
        Instant lastNote = start;
        while (true) {
            JsonNode current = read.get();
            String state = current.path("state").asText("?");
            Instant now = session.clock().instant();
            String elapsed = String.format(java.util.Locale.ROOT, "%.1fs", Duration.between(start, now).toMillis() / 1000.0);
            onRead.accept(current);
            if (!state.equals(lastState) || Duration.between(lastNote, now).compareTo(NOTE_EVERY) >= 0) {
                session.err().println("waiting for " + what + ": " + state + " (" + elapsed + ")");
                session.err().flush();
                lastState = state;
                lastNote = now;
            }
            switch (outcome.apply(current)) {
                case DONE:
                    return current;
                case FAILED:
                    String why = reason.apply(current);
                    throw new CtlException(ExitCodes.FAILED, what + " failed after " + elapsed
                            + (why.isEmpty() ? "" : ": " + why));
                default:
                    break;
            }
            if (Duration.between(start, now).compareTo(timeout) >= 0) {
                throw new CtlException(ExitCodes.TIMEOUT, what + " is still " + state + " after " + elapsed
                        + " (--timeout " + timeout.toSeconds() + "s)");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CtlException(ExitCodes.FAILED, "interrupted while waiting for " + what);
            }
        }
    }
}
