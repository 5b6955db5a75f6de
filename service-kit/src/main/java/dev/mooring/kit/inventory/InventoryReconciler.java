package dev.mooring.kit.inventory;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.ArrayIntents;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs every {@link InventorySource} of the service on a periodic job: lists each registered array, reads the
 * service's state (after the listing), compares ({@link InventoryComparison}), books the orphans and tells of new ones
 * in one transaction, then cleans up those whose grace is over — each claimed first, and checked once more against
 * the state just before. One run per source per interval across all instances ({@link OrphanBook#claimRun}).
 */
@ApplicationScoped
public class InventoryReconciler {

    private static final Logger LOG = Logger.getLogger(InventoryReconciler.class);
    /** How long an instance holds an orphan's clean-up; one that died holding it leaves it to the next run after. */
    static final Duration CLEANUP_LEASE = Duration.ofMinutes(5);

    @Inject
    Instance<InventorySource> sources;

    @Inject
    BackgroundWork background;

    @Inject
    ArrayDirectory directory;

    @Inject
    ArrayIntents intents;

    @Inject
    OrphanBook book;

    @Inject
    InventoryNotices notices;

    @Inject
    InventoryConfig config;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String service;

    private final Map<String, PeriodicJob> jobs = new HashMap<>();
    private String instance;

    private record Listing(List<ArrayObject> objects, Set<String> listed) {
    }

    void onStart(@Observes StartupEvent event) {
        instance = service + "/" + UUID.randomUUID().toString().substring(0, 8);
        if (!config.enabled()) {
            LOG.info("Inventory reconciler is off (mooring.inventory.enabled=false)");
            return;
        }
        for (InventorySource source : sources) {
            jobs.put(source.name(), background.periodic("inventory-" + source.name(), config.interval(),
                    () -> reconcile(source)));
            LOG.infof("Inventory of %s every %s, grace %s%s", source.name(), config.interval(), config.grace(),
                    config.reportOnly() ? ", report-only" : "");
        }
    }

    /** The periodic job of {@code source} (tests wait on its runs). */
    public Optional<PeriodicJob> job(String source) {
        return Optional.ofNullable(jobs.get(source));
    }

    /** One run of {@code source}, unless another instance ran it within half an interval; then the gauges. */
    public Uni<Void> reconcile(InventorySource source) {
        Instant now = clock.instant();
        return book.claimRun(source.name(), instance, now, config.interval().dividedBy(2))
                .chain(claimed -> claimed ? run(source, now) : Uni.createFrom().voidItem())
                .chain(() -> book.list(false, clock.instant(), config.grace()))
                .invoke(current -> notices.measure(current, source.kinds(),
                        directory.arrays().stream().map(RegisteredArray::displayName).toList()))
                .replaceWithVoid();
    }

    private Uni<Void> run(InventorySource source, Instant now) {
        return list(source)
                .chain(listing -> expected(source).chain(expected -> book.booked(source.kinds())
                        .map(booked -> InventoryComparison.compare(new InventoryComparison.Input(listing.objects(),
                                listing.listed(), expected, source::ours, booked, now, config.grace(),
                                config.reportOnly())))))
                .call(plan -> Panache.withTransaction(() -> book.save(plan, now)
                        .chain(() -> notices.found(plan.firstFound(), config.grace()))))
                .chain(plan -> plan.due().isEmpty() ? Uni.createFrom().voidItem() : cleanUp(source, plan.due()))
                .chain(() -> book.purge(now, config.keepResolved()));
    }

    /** Every registered array's objects; an array that cannot be listed is left out (its orphans stay as booked). */
    private Uni<Listing> list(InventorySource source) {
        List<Uni<Optional<List<ArrayObject>>>> lists = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RegisteredArray array : directory.registered()) {
            Optional<FlashArrayClient> client = directory.client(array.name());
            if (client.isEmpty()) {
                continue;
            }
            names.add(array.name());
            lists.add(source.list(array.name(), client.get()).map(Optional::of)
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("inventory=%s array=%s could not be listed: %s", source.name(), array.name(),
                                failure.toString());
                        return Optional.empty();
                    })
                    .map(objects -> objects.map(list -> List.copyOf(list))));
        }
        if (lists.isEmpty()) {
            return Uni.createFrom().item(new Listing(List.of(), Set.of()));
        }
        return Uni.join().all(lists).andFailFast().map(results -> {
            List<ArrayObject> objects = new ArrayList<>();
            Set<String> listed = new HashSet<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).isPresent()) {
                    objects.addAll(results.get(i).get());
                    listed.add(names.get(i));
                }
            }
            return new Listing(objects, listed);
        });
    }

    /** The source's state, with every object an unfinished array operation names marked in flight. */
    private Uni<Expected> expected(InventorySource source) {
        return source.expected().chain(expected -> intents.all().map(all -> {
            Map<String, String> inFlight = new HashMap<>();
            all.forEach(intent -> inFlight.put(intent.objectName(), "operation " + intent.operation() + " of "
                    + intent.key() + " is recorded and not finished"));
            return expected.withInFlight(inFlight);
        }));
    }

    private Uni<Void> cleanUp(InventorySource source, List<Orphan> due) {
        // The state once more, read after the listing and the decision: anything claimed since is left alone.
        return expected(source).chain(expected -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Orphan orphan : due) {
                chain = chain.chain(() -> cleanUp(source, orphan, expected));
            }
            return chain;
        });
    }

    private Uni<Void> cleanUp(InventorySource source, Orphan orphan, Expected expected) {
        ArrayObject object = new ArrayObject(orphan.arrays().get(0), orphan.kind(), orphan.name(), false,
                orphan.shared());
        if (!source.ours(object)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return book.claimCleanup(orphan.key(), now, config.grace(), CLEANUP_LEASE).chain(claimed -> {
            if (!claimed) {
                return Uni.createFrom().voidItem();
            }
            if (!expected.claimOn(object).orphan()) {
                return book.release(orphan.key(), Orphan.CLEAN_UP_AFTER_GRACE);
            }
            return Uni.createFrom().deferred(() -> source.cleanUp(orphan))
                    .onFailure().recoverWithItem(failure -> new InventorySource.Cleanup.Failed("Error",
                            failure.toString()))
                    .chain(cleanup -> Panache.withTransaction(() -> book.cleanedUp(orphan.key(), cleanup,
                                    clock.instant())
                            .chain(() -> notices.cleanedUp(orphan, cleanup))));
        });
    }
}
