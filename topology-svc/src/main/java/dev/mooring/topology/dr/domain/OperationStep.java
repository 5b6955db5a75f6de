package dev.mooring.topology.dr.domain;

import java.time.Instant;

/** One step of a failover or failback: {@code pending}, {@code running} (waiting, with why), {@code done} or {@code failed}. */
public record OperationStep(String name, String state, Instant at, String detail) {

    public boolean done() {
        return "done".equals(state);
    }
}
