package dev.mooring.agent.domain;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one rule every destructive host action passes through: the agent touches a device only when its WWID is
 * {@code 3624a9370} + the serial of a volume Mooring attached to this node. A boot LUN, another vendor's LUN, or a
 * FlashArray LUN that someone else mapped to the host is never flushed, removed, failed, formatted or logged out of.
 */
public final class OwnershipRule {

    private final Set<String> serials;

    private OwnershipRule(Set<String> serials) {
        this.serials = serials;
    }

    /** The rule for the serials of the volumes Mooring attached (now or before) to this node. */
    public static OwnershipRule of(Set<String> attachedSerials) {
        Set<String> normalized = new TreeSet<>();
        for (String s : attachedSerials) {
            normalized.add(s.trim().toLowerCase(Locale.ROOT));
        }
        return new OwnershipRule(Set.copyOf(normalized));
    }

    /** Whether the device with this WWID may be touched. */
    public boolean permits(String wwid) {
        return Wwids.serialOf(wwid).map(serials::contains).orElse(false);
    }

    /** Refuses {@code action} on a device this node's agent does not own. */
    public void require(String wwid, String action) {
        if (!permits(wwid)) {
            throw new NotOwnedException(wwid, action);
        }
    }

    public Set<String> serials() {
        return serials;
    }

    /** A destructive action was refused: the device is not one Mooring attached to this node. */
    public static final class NotOwnedException extends RuntimeException {
        private final String wwid;

        public NotOwnedException(String wwid, String action) {
            super("refused to " + action + " device " + wwid + ": it is not a FlashArray volume Mooring attached to"
                    + " this node");
            this.wwid = wwid;
        }

        public String wwid() {
            return wwid;
        }
    }
}
