package dev.mooring.agent.service;

import dev.mooring.agent.domain.OwnershipRule;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ledger of volumes (and drives) Mooring attached to this node: a serial enters when a publish context or
 * attach-svc names it for this node, and leaves only once its devices are gone. It feeds the one
 * {@link OwnershipRule} every destructive host action passes.
 */
public final class Ownership {

    private final StateStore store;
    private volatile OwnershipRule rule;

    public Ownership(StateStore store) {
        this.store = store;
        this.rule = OwnershipRule.of(store.attachedSerials());
    }

    public OwnershipRule rule() {
        return rule;
    }

    /** Records that Mooring attached these serials to this node. */
    public synchronized void record(Set<String> serials) {
        Set<String> next = new TreeSet<>(rule.serials());
        if (next.addAll(serials.stream().map(String::toLowerCase).toList())) {
            store.writeAttachedSerials(next);
            rule = OwnershipRule.of(next);
        }
    }

    /** Forgets a serial whose devices are gone from the node. */
    public synchronized void forget(String serial) {
        Set<String> next = new TreeSet<>(rule.serials());
        if (next.remove(serial.toLowerCase())) {
            store.writeAttachedSerials(next);
            rule = OwnershipRule.of(next);
        }
    }
}
