package dev.mooring.kit.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code mooring.inventory.*}: the inventory reconciler that compares the arrays with the service's state. */
@ConfigMapping(prefix = "mooring.inventory")
public interface InventoryConfig {

    /** Run the reconciler at all (in services that supply an {@link InventorySource}). */
    @WithDefault("true")
    boolean enabled();

    /** How often each array is listed and compared (one run per interval across all instances). */
    @WithDefault("10m")
    Duration interval();

    /**
     * How long an object must stay an orphan — seen on every run, never claimed by the service's state — before it is
     * cleaned up. Long enough for any operation under way and for an operator to look at the report first.
     */
    @WithDefault("1h")
    Duration grace();

    /**
     * Report orphans (REST, metric, Events) and never clean them up. Off by default: reclaiming the drives of failed
     * pools and the hosts of removed nodes is the point, and a clean-up only destroys (recoverable on the array
     * until it eradicates), disconnects or deletes an unused host, and only what is provably Mooring's.
     */
    @WithDefault("false")
    boolean reportOnly();

    /** How long a resolved orphan (cleaned up, or gone by itself) stays listed by {@code ?all=true}. */
    @WithDefault("7d")
    Duration keepResolved();
}
