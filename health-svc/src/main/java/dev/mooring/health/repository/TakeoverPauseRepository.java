package dev.mooring.health.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** The takeover gate's row; callers open the transaction. */
@ApplicationScoped
public class TakeoverPauseRepository implements PanacheRepositoryBase<TakeoverPauseRecord, Short> {

    /** The row, locked until the transaction ends: instances evaluate the gate one after the other. */
    public Uni<TakeoverPauseRecord> lock() {
        return findById(TakeoverPauseRecord.ID, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The row as committed, shared-locked until the transaction ends: a pause being written is waited for. */
    public Uni<TakeoverPauseRecord> readLocked() {
        return findById(TakeoverPauseRecord.ID, LockModeType.PESSIMISTIC_READ);
    }

    public Uni<TakeoverPauseRecord> read() {
        return findById(TakeoverPauseRecord.ID);
    }
}
