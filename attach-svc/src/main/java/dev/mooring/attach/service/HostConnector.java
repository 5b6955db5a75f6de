package dev.mooring.attach.service;

import dev.mooring.attach.array.ArrayStepException;
import dev.mooring.attach.array.ArraySteps;
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
    NodeGuard guard;

    /** Thrown when the connection is no longer wanted once checked inside the node's guard (e.g. it was fenced). */
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
     * Makes the connection and returns its path; fails with {@link ArrayStepException}, or {@link NoLongerWanted}
     * when {@code stillWanted}, read inside the node's guard just before connecting, says no.
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
            return steps.ensureHost(array, host, node, initiators, record != null)
                    .call(outcome -> record == null || outcome.madeOrAdopted()
                            ? nodeHosts.remember(array, node, host, outcome) : Uni.createFrom().voidItem())
                    .chain(() -> steps.targets(array))
                    .chain(targets -> {
                        Protocol protocol = Protocol.choose(initiators, targets.hasIscsi(), targets.hasFc())
                                .orElseThrow(() -> new ArrayStepException(AttachFailureReason.NoUsablePath, "Node "
                                        + node + " and array " + array + " share no protocol"));
                        return guard.exclusively(node, () -> stillWanted.get().chain(wanted -> {
                            if (!wanted) {
                                return Uni.createFrom().failure(new NoLongerWanted(volume + " is no longer wanted on"
                                        + " node " + node + "'s host " + host + " on " + array));
                            }
                            return steps.connect(array, host, volume);
                        })).map(c -> protocol == Protocol.iscsi
                                ? new AttachmentPaths.Path(array, host, protocol, c.lun(), targets.iscsiIqn(),
                                        targets.portals(), List.of())
                                : new AttachmentPaths.Path(array, host, protocol, c.lun(), null, List.of(),
                                        targets.fcWwns()));
                    });
        });
    }
}
