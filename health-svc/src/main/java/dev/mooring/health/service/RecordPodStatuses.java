package dev.mooring.health.service;

import dev.mooring.events.arrays.MediatorUnreachable;
import dev.mooring.events.arrays.PodArrayStatusChanged;
import dev.mooring.health.domain.PodArrayStatus;
import dev.mooring.health.repository.PodArrayStatusRecord;
import dev.mooring.health.repository.PodArrayStatusRepository;
import dev.mooring.health.repository.Times;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.kit.outbox.Outbox;
import dev.mooring.kit.db.TransactionLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Stores one poll's statuses and, in the same transaction, announces what changed: {@code PodArrayStatusChanged}
 * when an array's status differs from the stored one (the first observation too, previousStatus null) and
 * {@code MediatorUnreachable} when its Mediator view turns unreachable. Rows are read locked, so two instances
 * polling at once announce a change once; a restart compares with the stored statuses and repeats nothing.
 */
@ApplicationScoped
public class RecordPodStatuses {

    private static final Logger LOG = Logger.getLogger(RecordPodStatuses.class);

    @Inject
    PodArrayStatusRepository repository;

    @Inject
    Outbox outbox;

    @Inject
    EnvelopeFactory envelopes;

    @Inject
    Clock clock;

    /** The pod's mediator as the arrays named it in the last poll (set by the poller). */
    private final Map<String, String> mediators = new ConcurrentHashMap<>();

    /** The member arrays stored per pod. */
    public Uni<Map<String, Set<String>>> knownMembers() {
        return Panache.withSession(() -> repository.all()).map(rows -> {
            Map<String, Set<String>> members = new HashMap<>();
            rows.forEach(r -> members.computeIfAbsent(r.key.pod, p -> new TreeSet<>()).add(r.key.array));
            return members;
        });
    }

    /**
     * Returns how many events were recorded. Every instance polls the arrays; the lock makes the second read what
     * the first recorded (a status seen for the first time has no row to lock), so each change is recorded once.
     */
    public Uni<Integer> record(List<PodArrayStatus> statuses) {
        OffsetDateTime now = Times.stored(clock.instant());
        String correlationId = "pod-poll-" + UUID.randomUUID();
        return Panache.withTransaction(() -> TransactionLocks.hold("pod-array-status").chain(() -> Multi.createFrom().iterable(statuses)
                .onItem().transformToUniAndConcatenate(s -> repository
                        .findById(new PodArrayStatusRecord.Key(s.pod(), s.array()), LockModeType.PESSIMISTIC_WRITE)
                        .chain(row -> apply(row, s, now, correlationId)))
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum())));
    }

    private Uni<Integer> apply(PodArrayStatusRecord row, PodArrayStatus s, OffsetDateTime now, String correlationId) {
        String previous = row == null ? null : row.status;
        String previousMediator = row == null ? null : row.mediatorStatus;
        PodArrayStatusRecord r = row;
        if (r == null) {
            r = new PodArrayStatusRecord();
            r.key = new PodArrayStatusRecord.Key(s.pod(), s.array());
        }
        boolean changed = s.statusDiffersFrom(previous);
        boolean mediatorLost = s.mediatorBecameUnreachable(previousMediator);
        r.status = s.status();
        r.progress = s.progress();
        r.mediatorStatus = s.mediatorStatus();
        r.observedAt = now;
        if (changed || r.changedAt == null) {
            r.changedAt = now;
        }
        Uni<Void> chain = row == null ? r.persist().replaceWithVoid() : Uni.createFrom().voidItem();
        int count = 0;
        if (changed) {
            LOG.infof("array=%s pod=%s %s -> %s%s (mediator %s)", s.array(), s.pod(), previous, s.status(),
                    s.progress() == null ? "" : " " + Math.round(s.progress() * 100) + "%", s.mediatorStatus());
            PodArrayStatusChanged event = PodArrayStatusChanged.newBuilder()
                    .setEnvelope(envelopes.caused(s.array(), correlationId)).setArray(s.array()).setPodName(s.pod())
                    .setStatus(s.status()).setPreviousStatus(previous).setProgress(s.progress())
                    .setMediatorStatus(s.mediatorStatus()).build();
            chain = chain.chain(() -> outbox.record(event));
            count++;
        }
        if (mediatorLost) {
            LOG.warnf("array=%s pod=%s cannot reach its Mediator", s.array(), s.pod());
            MediatorUnreachable event = MediatorUnreachable.newBuilder()
                    .setEnvelope(envelopes.caused(s.array(), correlationId)).setArray(s.array()).setPodName(s.pod())
                    .setMediator(mediatorName(s.pod())).setMediatorStatus(s.mediatorStatus()).build();
            chain = chain.chain(() -> outbox.record(event));
            count++;
        }
        int events = count;
        return chain.replaceWith(events);
    }

    void mediatorOf(String pod, String mediator) {
        if (mediator != null) {
            mediators.put(pod, mediator);
        }
    }

    private String mediatorName(String pod) {
        return mediators.getOrDefault(pod, "unknown");
    }
}
