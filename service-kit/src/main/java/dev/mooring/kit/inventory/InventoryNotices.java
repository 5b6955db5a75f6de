package dev.mooring.kit.inventory;

import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Where orphans are told: a Kubernetes Event on the array when one is first found and when it is cleaned up (or the
 * clean-up fails), a log line, and the gauges {@code mooring.inventory.orphans{kind,array}} (how many now) and
 * {@code mooring.inventory.orphans.oldest.seconds{kind,array}} (the age of the oldest) — labels bounded by the
 * sources' kinds and the configured arrays.
 */
@ApplicationScoped
public class InventoryNotices {

    private static final Logger LOG = Logger.getLogger(InventoryNotices.class);
    /** Events are about the array; it is no Kubernetes object, so {@code kubectl get events} finds them by kind. */
    static final String ARRAY_API = "mooring.dev/v1";
    static final String ARRAY_KIND = "FlashArray";

    @Inject
    KubeEvents events;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    private record Labels(String kind, String array) {
    }

    private final Map<Labels, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<Labels, AtomicLong> oldestSeen = new ConcurrentHashMap<>();

    /** In the ongoing transaction: an Event for each orphan found for the first time. */
    public Uni<Void> found(List<Orphan> orphans, Duration grace) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Orphan orphan : orphans) {
            String plan = Orphan.REPORT_ONLY.equals(orphan.action())
                    ? "Report-only: Mooring will not touch it."
                    : "Mooring cleans it up after its grace of " + grace + " (at " + orphan.cleanUpAfter()
                            + ") unless its state accounts for it by then.";
            String message = describe(orphan) + " is not Mooring's any more: " + orphan.message() + " ("
                    + orphan.reason() + "). " + plan;
            LOG.warnf("orphan kind=%s name=%s arrays=%s reason=%s action=%s", orphan.kind(), orphan.name(),
                    orphan.arrays(), orphan.reason(), orphan.action());
            chain = chain.chain(() -> events.record(new Notice(subject(orphan), KubeEvents.WARNING, "OrphanFound",
                    message, occurrence(orphan))));
        }
        return chain;
    }

    /** In the ongoing transaction: an Event saying what the clean-up did. */
    public Uni<Void> cleanedUp(Orphan orphan, InventorySource.Cleanup cleanup) {
        if (cleanup instanceof InventorySource.Cleanup.Failed failed) {
            LOG.warnf("orphan kind=%s name=%s arrays=%s clean-up failed: %s: %s", orphan.kind(), orphan.name(),
                    orphan.arrays(), failed.reason(), failed.detail());
            return events.record(new Notice(subject(orphan), KubeEvents.WARNING, "OrphanCleanupFailed",
                    describe(orphan) + " could not be cleaned up: " + failed.detail() + " (" + failed.reason()
                            + "); tried again on the next run.", occurrence(orphan) + "/" + failed.reason()));
        }
        InventorySource.Cleanup.Done done = (InventorySource.Cleanup.Done) cleanup;
        LOG.infof("orphan kind=%s name=%s arrays=%s cleaned up: %s", orphan.kind(), orphan.name(), orphan.arrays(),
                done.action());
        return events.record(new Notice(subject(orphan), KubeEvents.NORMAL, "OrphanCleanedUp",
                describe(orphan) + ": " + done.action() + ". " + done.detail(), occurrence(orphan)));
    }

    /** Sets the gauges to the current orphans (every known label set, zero where there is none now). */
    public void measure(List<OrphanBook.View> current, List<String> kinds, List<String> arrays) {
        kinds.forEach(kind -> arrays.forEach(array -> gauge(new Labels(kind, array))));
        Map<Labels, Long> count = new HashMap<>();
        Map<Labels, Long> oldest = new HashMap<>();
        for (OrphanBook.View view : current) {
            long firstSeen = view.firstSeen().toInstant().getEpochSecond();
            for (String array : view.arrays()) {
                Labels labels = new Labels(view.kind(), array);
                gauge(labels);
                count.merge(labels, 1L, Long::sum);
                oldest.merge(labels, firstSeen, Math::min);
            }
        }
        counts.forEach((labels, value) -> value.set(count.getOrDefault(labels, 0L)));
        oldestSeen.forEach((labels, value) -> value.set(oldest.getOrDefault(labels, 0L)));
    }

    private void gauge(Labels labels) {
        counts.computeIfAbsent(labels, l -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("mooring.inventory.orphans", value, AtomicLong::get).tags("kind", l.kind(), "array", l.array())
                    .description("Objects on the arrays under Mooring's naming that its state does not account for")
                    .register(metrics);
            return value;
        });
        oldestSeen.computeIfAbsent(labels, l -> {
            AtomicLong firstSeen = new AtomicLong();
            Gauge.builder("mooring.inventory.orphans.oldest.seconds", firstSeen,
                            v -> v.get() == 0 ? 0 : Math.max(0, Instant.now(clock).getEpochSecond() - v.get()))
                    .tags("kind", l.kind(), "array", l.array())
                    .description("Age of the oldest orphan, from its first sighting")
                    .register(metrics);
            return firstSeen;
        });
    }

    private static String describe(Orphan orphan) {
        return capitalised(orphan.kind()) + " " + orphan.name() + " on " + String.join(" and ", orphan.arrays());
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The array an Event is recorded on (a shared object's first array). */
    private static Subject subject(Orphan orphan) {
        return new Subject(ARRAY_API, ARRAY_KIND, null, orphan.arrays().get(0), null);
    }

    /** One orphan's life: a new sighting after it was resolved makes new Events. */
    private static String occurrence(Orphan orphan) {
        return orphan.kind() + "/" + orphan.key().location() + "/" + orphan.name() + "/" + orphan.firstSeen();
    }
}
