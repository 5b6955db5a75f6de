package dev.mooring.topology.dr.service;

import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.topology.dr.DrConfig;
import dev.mooring.topology.dr.domain.DomainState;
import dev.mooring.topology.dr.repository.DomainRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * This installation's cluster domain: its row is made the first time it runs (state {@code mooring.dr.initial-state})
 * and read at every start; every change goes through {@link #change}, which stores it before the memory copy that
 * {@link #state()} answers from is updated. The copy is read again every {@code mooring.dr.refresh-interval}, so the
 * replicas that did not make a change follow it.
 */
@ApplicationScoped
public class ClusterDomains implements LocalDomain {

    private static final Logger LOG = Logger.getLogger(ClusterDomains.class);

    @Inject
    DrConfig config;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    private volatile DomainState state = DomainState.active;
    private volatile long epoch;

    void onStart(@Observes StartupEvent event) {
        Optional<String> name = config.domain();
        if (name.isEmpty()) {
            return;
        }
        DomainState initial = DomainState.parse(config.initialState()).orElseThrow(() -> new IllegalArgumentException(
                "mooring.dr.initial-state must be active or inactive, got '" + config.initialState() + "'"));
        // The startup thread has no Vert.x context, which Hibernate Reactive needs: run on one of the kit's.
        DomainRecord stored = contexts.await(() -> Panache.withTransaction(() -> DomainRecord.<DomainRecord>findById(
                        name.get()).chain(found -> found != null ? Uni.createFrom().item(found) : create(name.get(), initial)))
                .ifNoItem().after(Duration.ofMinutes(1)).fail());
        remember(stored);
        // Another replica may change the state: each reads the stored row again every refresh interval.
        background.periodic("dr-domain-refresh", config.refreshInterval(), () -> Panache.withSession(
                () -> DomainRecord.<DomainRecord>findById(name.get())).invoke(this::remember).replaceWithVoid());
        LOG.infof("Cluster domain %s is %s (epoch %d, since %s: %s)", stored.name, stored.state, stored.epoch,
                stored.changedAt, stored.reason);
    }

    private static Uni<DomainRecord> create(String name, DomainState initial) {
        DomainRecord record = new DomainRecord();
        record.name = name;
        record.state = initial.name();
        record.epoch = 0;
        record.changedAt = OffsetDateTime.now(ZoneOffset.UTC);
        record.reason = "install";
        return record.persist();
    }

    @Override
    public Optional<String> name() {
        return config.domain();
    }

    @Override
    public DomainState state() {
        return state;
    }

    /** The epoch of this domain's last change. */
    public long epoch() {
        return epoch;
    }

    /** This domain's stored row (open a session first); empty when the installation is no cluster domain. */
    public Uni<Optional<DomainRecord>> stored() {
        return config.domain().isEmpty() ? Uni.createFrom().item(Optional.empty())
                : DomainRecord.<DomainRecord>findById(config.domain().get()).map(Optional::ofNullable);
    }

    /**
     * Stores this domain's new state with the epoch given (in the caller's transaction) and, once committed, answers
     * from it. Unchanged state and epoch store nothing.
     */
    public Uni<DomainRecord> change(DomainState to, long newEpoch, String reason) {
        String name = config.domain().orElseThrow(() -> new IllegalStateException("mooring.dr.domain is not set"));
        return Panache.withTransaction(() -> DomainRecord.<DomainRecord>findById(name).chain(record -> {
            if (record.state.equals(to.name()) && record.epoch == newEpoch) {
                return Uni.createFrom().item(record);
            }
            record.state = to.name();
            record.epoch = newEpoch;
            record.changedAt = OffsetDateTime.now(ZoneOffset.UTC);
            record.reason = reason;
            return Uni.createFrom().item(record);
        })).invoke(this::remember);
    }

    private void remember(DomainRecord record) {
        if (record == null) {
            return;
        }
        state = DomainState.valueOf(record.state);
        epoch = record.epoch;
    }
}
