package dev.mooring.topology.dr.rest;

import dev.mooring.topology.dr.domain.OperationStep;
import dev.mooring.topology.dr.repository.OperationRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A failover or failback with every step as recorded. */
public record OperationView(UUID id, String kind, String from, String to, String state, long epoch, Instant requestedAt,
                            Instant decidedAt, Instant finishedAt, String failure, List<String> namespaces,
                            List<OperationStep> steps) {

    public static OperationView of(OperationRecord op, List<String> namespaces, List<OperationStep> steps) {
        return new OperationView(op.id, op.kind, op.fromDomain, op.toDomain, op.state, op.epoch, instant(op.requestedAt),
                instant(op.decidedAt), instant(op.finishedAt), op.failure, namespaces, steps);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
