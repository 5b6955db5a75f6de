package dev.mooring.kit.inventory;

import dev.mooring.flasharray.client.FlashArrayClient;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * What a service supplies to have its array objects reconciled (a CDI bean; the kit's {@link InventoryReconciler}
 * runs every one it finds): what is on an array under its naming, what its state wants, and how to clean up one
 * orphan. The kit decides what is an orphan and when ({@link InventoryComparison}), books, reports and claims it.
 *
 * <p>The kit lists the arrays <em>before</em> it reads {@link #expected()}: an operation records its intent (or its
 * row) before it touches the array, so anything a listing shows is accounted for by a state read after it.
 */
public interface InventorySource {

    /** A short stable name ({@code volumes}, {@code hosts}): the run's lock and the logs. */
    String name();

    /** Kinds of object, as Events and REST name them, e.g. {@code volume} — a small fixed set (metric labels). */
    List<String> kinds();

    /** Everything on {@code array} under the service's naming (destroyed ones included, flagged). */
    Uni<List<ArrayObject>> list(String array, FlashArrayClient client);

    /** Whether {@code object} is provably the service's by its name: nothing else is ever reported or touched. */
    boolean ours(ArrayObject object);

    /** What the service's state says of the names it knows (read after the listing). */
    Uni<Expected> expected();

    /** Cleans up one orphan (destroy, never eradicate; disconnect; delete an unused host), safe to repeat. */
    Uni<Cleanup> cleanUp(Orphan orphan);

    /** How a clean-up ended: {@code action} (e.g. {@code Destroyed}) or the failure, each with a sentence. */
    sealed interface Cleanup {

        String detail();

        record Done(String action, String detail) implements Cleanup {
        }

        record Failed(String reason, String detail) implements Cleanup {
        }
    }
}
