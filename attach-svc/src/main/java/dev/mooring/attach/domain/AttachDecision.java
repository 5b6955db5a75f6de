package dev.mooring.attach.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * The single-writer rule: may a volume be connected to a node, given the nodes that hold it now?
 * A multi-node volume (RWX raw block, see {@link VolumeSharing}) may be on any number of nodes. Any other
 * volume is on one node at a time: a request from the node that already holds it proceeds (it is the same
 * connection); a request from another node is refused, naming the holder, until that one is detached.
 */
public sealed interface AttachDecision {

    /** Connect the volume to the node. */
    record Proceed() implements AttachDecision {
    }

    /** Refused: {@code holder} has the volume. */
    record Refused(String holder) implements AttachDecision {
        public String message(String volume, String node) {
            return "Volume " + volume + " is attached to node " + holder + "; it is not a ReadWriteMany raw block"
                    + " volume, so it can be attached to one node at a time. Detach it from " + holder
                    + " before attaching it to " + node;
        }
    }

    /**
     * @param multiNode whether the volume may be on several nodes
     * @param node      the node asking
     * @param holders   the nodes whose attachments hold the volume now (may include {@code node})
     */
    static AttachDecision decide(boolean multiNode, String node, Collection<String> holders) {
        Objects.requireNonNull(node, "node");
        if (multiNode) {
            return new Proceed();
        }
        Optional<String> other = holders.stream().filter(h -> !node.equals(h)).min(Comparator.naturalOrder());
        return other.<AttachDecision>map(Refused::new).orElseGet(Proceed::new);
    }
}
