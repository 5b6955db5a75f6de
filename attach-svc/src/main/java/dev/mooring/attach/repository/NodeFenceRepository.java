package dev.mooring.attach.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/** Node fence rows and the epochs connections were made under; callers open the transaction. */
@ApplicationScoped
public class NodeFenceRepository implements PanacheRepositoryBase<NodeFence, String> {

    /** The node's row locked FOR SHARE (connects) or FOR UPDATE (fence, unfence), made first when missing. */
    public Uni<NodeFence> lock(String node, boolean exclusive) {
        // ON CONFLICT DO NOTHING: two first connects of a node at once both find the row, neither fails.
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO node_fence (node_name, epoch, fenced,"
                        + " changed_at) VALUES (:node, 0, FALSE, now()) ON CONFLICT (node_name) DO NOTHING")
                .setParameter("node", node).executeUpdate())
                .chain(() -> findById(node, exclusive ? LockModeType.PESSIMISTIC_WRITE : LockModeType.PESSIMISTIC_READ));
    }

    /** Records the epoch a connection to the node's host was made under. */
    public Uni<Void> connected(String array, String host, String volume, String node, long epoch) {
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO host_connect (array_name, host_name,"
                        + " volume_name, node_name, epoch, connected_at) VALUES (:array, :host, :volume, :node, :epoch,"
                        + " now()) ON CONFLICT (array_name, host_name, volume_name) DO UPDATE SET node_name ="
                        + " EXCLUDED.node_name, epoch = EXCLUDED.epoch, connected_at = EXCLUDED.connected_at")
                .setParameter("array", array).setParameter("host", host).setParameter("volume", volume)
                .setParameter("node", node).setParameter("epoch", epoch).executeUpdate()).replaceWithVoid();
    }

    /** The arrays on which a connection to one of the node's hosts was ever made. */
    @SuppressWarnings("unchecked")
    public Uni<List<String>> arraysConnectedTo(String node) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT DISTINCT array_name FROM host_connect"
                + " WHERE node_name = :node", String.class).setParameter("node", node).getResultList());
    }
}
