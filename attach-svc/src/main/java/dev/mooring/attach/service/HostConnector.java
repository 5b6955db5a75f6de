package dev.mooring.attach.service;

import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.array.ArraySteps;
import dev.mooring.attach.array.HostOutcome;
import dev.mooring.attach.domain.AttachFailureReason;
import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.attach.domain.NodeInitiators;
import dev.mooring.attach.domain.Protocol;
import dev.mooring.attach.repository.NodeHost;
import dev.mooring.flasharray.client.FlashArrayNames;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Supplier;

/**
 * Connects one array volume to a node's host on one array, as an attach does: the host made (or brought in line)
 * from the node's initiators and remembered, the targets read, the protocol chosen, the connection made ("already
 * connected" is success). Used for drives, takeovers and recoveries.
 */
@ApplicationScoped
public class HostConnector {

    @Inject
    ArraySteps steps;

    @Inject
    NodeHosts nodeHosts;

    @Inject
    NodeFences fences;

    /** Thrown when the connection is no longer wanted once checked under the node's fence epoch. */
    public static final class NoLongerWanted extends RuntimeException {
        public NoLongerWanted(String message) {
            super(message);
        }
    }

    /** The node's host name on an array: the one Mooring recorded, else the deterministic name. */
    static String hostName(NodeHost record, String node) {
        return record != null ? record.hostName : FlashArrayNames.hostNameFor(node);
    }

    /**
     * Makes the connection and returns its path; fails with {@link ArrayStepException} ({@code NodeFenced} when the
     * node is fenced), or {@link NoLongerWanted} when {@code stillWanted}, read just before connecting, says no. The
     * host's initiators, the check and the connection are made under the node's fence epoch ({@link NodeFences}).
     */
    public Uni<AttachmentPaths.Path> connect(String array, String node, NodeInitiators initiators, String volume,
                                             Supplier<Uni<Boolean>> stillWanted) {
        if (initiators.isEmpty()) {
            return Uni.createFrom().failure(new ArrayStepException(AttachFailureReason.NoInitiators, "Node " + node
                    + " has no iSCSI IQN or Fibre Channel WWN yet"));
        }
        return Panache.withSession(() -> nodeHosts.ofNode(node)).chain(hosts -> {
            NodeHost record = hosts.get(array);
            String host = hostName(record, node);
            HostOutcome[] made = new HostOutcome[1];
            return fences.whileUnfenced(node, epoch -> steps.ensureHost(array, host, node, initiators, record != null)
                    .invoke(outcome -> made[0] = outcome)
                    .chain(() -> steps.targets(array))
                    .chain(targets -> {
                        Protocol protocol = Protocol.choose(initiators, targets.hasIscsi(), targets.hasFc())
                                .orElseThrow(() -> new ArrayStepException(AttachFailureReason.NoUsablePath, "Node "
                                        + node + " and array " + array + " share no protocol"));
                        return stillWanted.get().chain(wanted -> {
                            if (!wanted) {
                                return Uni.createFrom().failure(new NoLongerWanted(volume + " is no longer wanted on"
                                        + " node " + node + "'s host " + host + " on " + array));
                            }
                            return steps.connect(array, host, volume);
                        }).call(c -> fences.connected(node, epoch, array, host, volume)).map(c -> protocol
                                == Protocol.iscsi
                                ? new AttachmentPaths.Path(array, host, protocol, c.lun(), targets.iscsiIqn(),
                                        targets.portals(), List.of())
                                : new AttachmentPaths.Path(array, host, protocol, c.lun(), null, List.of(),
                                        targets.fcWwns()));
                    }))
                    // Remembered after the connect's transaction, in its own (two connects may race to it), and
                    // even when the connect failed: the host exists now.
                    .onItemOrFailure().call((path, failure) -> made[0] != null && (record == null
                            || made[0].madeOrAdopted())
                            ? nodeHosts.remember(array, node, host, made[0]) : Uni.createFrom().voidItem());
        });
    }
}
