package dev.mooring.provisioner.service;

import dev.mooring.events.Failure;
import dev.mooring.events.arrays.ArrayRegistered;
import dev.mooring.events.arrays.ArrayRegistrationFailed;
import dev.mooring.events.arrays.ArrayRemoved;
import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.ArraysConfig;
import dev.mooring.kit.arrays.PureJson;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.kit.db.TransactionLocks;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.provisioner.config.ProvisionerConfig;
import dev.mooring.provisioner.domain.ArrayRegistrations;
import dev.mooring.provisioner.domain.ArrayRegistrations.Observed;
import dev.mooring.provisioner.domain.ArrayRegistrations.Status;
import dev.mooring.provisioner.repository.FlashArrayRecord;
import dev.mooring.provisioner.repository.FlashArrayRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.PeriodicJob;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Turns the array directory (pure.json from the {@code px-pure-secret} Secret) into events on
 * {@code mooring.arrays}: {@code ArrayRegistered} (never a token), {@code ArrayRegistrationFailed} (with the
 * reason: Unreachable, TokenRefused, PurityTooOld, CertificateRefused, Malformed, naming the entry) and
 * {@code ArrayRemoved}. It compares the directory with the {@code flash_array} table on every change the
 * directory reports and on every recheck; the table and the events commit together, so each change is
 * announced once — not again on a resync, a restart, or by a second instance.
 */
@ApplicationScoped
public class AnnounceArrays {

    private static final Logger LOG = Logger.getLogger(AnnounceArrays.class);
    private static final Pattern ENDPOINT = Pattern.compile("\\(([^)]*)\\)");
    /** Failures that may pass without a change to pure.json. */
    private static final Set<String> PASSING = Set.of("Unreachable");

    @Inject
    ArrayDirectory directory;

    @Inject
    ArraysConfig arraysConfig;

    @Inject
    ProvisionerConfig config;

    @Inject
    FlashArrayRepository records;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    BackgroundWork background;

    @Inject
    Clock clock;

    private PeriodicJob announcer;

    /** Before the directory starts (default priority), so that no change of its first read is missed. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        // A change while a comparison runs makes one more comparison right after it (the kit's single flight).
        announcer = background.periodic("announce-arrays", arraysConfig.recheckInterval(),
                () -> reconcile().replaceWithVoid());
        directory.changes().subscribe().with(change -> reconcileSoon(),
                failure -> LOG.errorf("The array directory's changes stopped: %s", failure.toString()));
        // Also when a document changed nothing but malformed entries, and once the first one is read.
        directory.documentsApplied().subscribe().with(count -> reconcileSoon(),
                failure -> LOG.errorf("The array directory's documents stopped: %s", failure.toString()));
    }

    /** Compares soon (the first comparison runs once the application has started). */
    public void reconcileSoon() {
        announcer.runSoon();
    }

    /**
     * One comparison: the table and the events it takes, in one transaction. Completes with the events' count.
     * Every instance compares; the lock makes the second one read what the first recorded, so each change is
     * announced once.
     */
    Uni<Integer> reconcile() {
        List<Observed> observed = observe();
        // Until pure.json has been read, an array recorded before a restart is not "removed": it is unknown yet.
        boolean settled = directory.documentApplied();
        return Panache.withTransaction(() -> TransactionLocks.hold("announce-arrays").chain(() -> records.listAll()).chain(rows -> {
            Map<String, FlashArrayRecord> byKey = rows.stream()
                    .collect(Collectors.toMap(r -> r.key, Function.identity()));
            List<ArrayRegistrations.Recorded> recorded = rows.stream().map(r -> new ArrayRegistrations.Recorded(
                    r.key, r.name, r.endpoint, Status.valueOf(r.status), r.reason)).toList();
            List<ArrayRegistrations.Step> steps = ArrayRegistrations.diff(observed, recorded, settled);
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (ArrayRegistrations.Step step : steps) {
                chain = chain.chain(count -> apply(step, byKey).map(events -> count + events));
            }
            return chain;
        }));
    }

    private Uni<Integer> apply(ArrayRegistrations.Step step, Map<String, FlashArrayRecord> byKey) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (step instanceof ArrayRegistrations.Refresh refresh) {
            FlashArrayRecord row = byKey.get(refresh.entry().key());
            Observed o = refresh.entry();
            if (!Objects.equals(row.capacityBytes, o.capacityBytes()) || !Objects.equals(row.freeBytes, o.freeBytes())
                    || !Objects.equals(row.purityVersion, o.purityVersion()) || !Objects.equals(row.message, o.message())) {
                copy(o, row);
                row.checkedAt = now;
            }
            return Uni.createFrom().item(0);
        }
        if (step instanceof ArrayRegistrations.Remove remove) {
            FlashArrayRecord row = byKey.get(remove.entry().key());
            LOG.infof("array=%s entry=%s left pure.json", remove.arrayName(), row.entry);
            Uni<Void> removed = records.delete(row);
            if (remove.arrayName() == null) {
                return removed.replaceWith(0);
            }
            return removed.chain(() -> outbox.record(ArrayRemoved.newBuilder()
                    .setEnvelope(envelopes.caused(remove.arrayName(), correlation()))
                    .setArrayName(remove.arrayName())
                    .setEndpoint(row.endpoint != null ? row.endpoint : row.key)
                    .build())).replaceWith(1);
        }
        ArrayRegistrations.Announce announce = (ArrayRegistrations.Announce) step;
        Observed o = announce.entry();
        FlashArrayRecord row = byKey.get(o.key());
        boolean fresh = row == null;
        if (fresh) {
            row = new FlashArrayRecord();
            row.key = o.key();
        }
        String previousName = row.name;
        copy(o, row);
        row.lastChangeAt = now;
        row.checkedAt = now;
        Uni<Void> saved = fresh ? records.persist(row).replaceWithVoid() : Uni.createFrom().voidItem();
        if (o.status() == Status.Registered) {
            LOG.infof("array=%s endpoint=%s registered (Purity//FA %s)", o.name(), o.endpoint(), o.purityVersion());
            Uni<Integer> renamed = previousName != null && !previousName.equals(o.name())
                    ? outbox.record(ArrayRemoved.newBuilder()
                            .setEnvelope(envelopes.caused(previousName, correlation()))
                            .setArrayName(previousName).setEndpoint(o.endpoint()).build()).replaceWith(1)
                    : Uni.createFrom().item(0);
            return saved.chain(() -> renamed).chain(extra -> outbox.record(ArrayRegistered.newBuilder()
                    .setEnvelope(envelopes.caused(o.name(), correlation()))
                    .setArrayName(o.name())
                    .setArrayId(o.arrayId())
                    .setEndpoint(o.endpoint())
                    .setPurityVersion(o.purityVersion() == null ? "" : o.purityVersion())
                    .setCapacityBytes(o.capacityBytes())
                    .setFreeBytes(o.freeBytes())
                    .setLabels(o.labels())
                    .build()).replaceWith(extra + 1));
        }
        LOG.warnf("entry=%s not registered: %s: %s", o.entry(), o.reason(), o.message());
        return saved.chain(() -> outbox.record(ArrayRegistrationFailed.newBuilder()
                .setEnvelope(envelopes.caused(o.endpoint() != null ? o.endpoint() : o.key(), correlation()))
                .setEntry(o.entry())
                .setEndpoint(o.endpoint())
                .setFailure(Failure.newBuilder().setReason(o.reason()).setMessage(o.message())
                        .setRetryable(PASSING.contains(o.reason())).build())
                .build())).replaceWith(1);
    }

    private static void copy(Observed o, FlashArrayRecord row) {
        if (o.name() != null) {
            row.name = o.name(); // a failed entry keeps the name it had, so that its removal can name it
        }
        row.endpoint = o.endpoint();
        row.entry = o.entry();
        if (o.arrayId() != null) {
            row.arrayId = o.arrayId();
        }
        row.status = o.status().name();
        row.reason = o.reason();
        row.message = o.message();
        row.purityVersion = o.purityVersion();
        row.capacityBytes = o.capacityBytes();
        row.freeBytes = o.freeBytes();
    }

    /** Every pure.json entry as the directory sees it now, malformed ones included. */
    private List<Observed> observe() {
        List<Observed> observed = new ArrayList<>();
        for (RegisteredArray a : directory.arrays()) {
            Status status = a.registered() ? Status.Registered
                    : "NotYetChecked".equals(a.failureReason()) ? Status.Pending : Status.Failed;
            observed.add(new Observed(a.endpoint(), a.entry(), a.endpoint(), status, a.name(), a.id(),
                    a.purityVersion(), a.capacityBytes(), a.freeBytes(), a.labels(),
                    a.registered() ? null : a.failureReason(), a.registered() ? null : a.failureMessage()));
        }
        for (PureJson.Malformed m : directory.malformedEntries()) {
            Matcher endpoint = ENDPOINT.matcher(m.description());
            String endpointValue = endpoint.find() ? endpoint.group(1) : null;
            observed.add(new Observed(endpointValue != null ? endpointValue : m.description(), m.description(),
                    endpointValue, Status.Failed, null, null, null, null, null, Map.of(), "Malformed",
                    m.description() + ": " + m.reason()));
        }
        return observed;
    }

    private static String correlation() {
        return "pure-json-" + UUID.randomUUID();
    }
}
