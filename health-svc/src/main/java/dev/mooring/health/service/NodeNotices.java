package dev.mooring.health.service;

import dev.mooring.health.kube.NodeEventRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Node Events waiting for their transaction to commit. Transitions add them; the {@link LivenessLoop}, which
 * runs the transactions one after another, records them once a transaction committed and drops them when it
 * rolled back — so an Event never tells of a decision that did not happen.
 */
@ApplicationScoped
public class NodeNotices {

    @Inject
    NodeEventRecorder recorder;

    private final List<NodeEventRecorder.Notice> pending = new ArrayList<>();

    synchronized void add(String node, String type, String reason, String message, String identity) {
        pending.add(new NodeEventRecorder.Notice(node, type, reason, message, identity));
    }

    /** After a commit: records what is pending. */
    void committed() {
        List<NodeEventRecorder.Notice> notices;
        synchronized (this) {
            notices = List.copyOf(pending);
            pending.clear();
        }
        notices.forEach(recorder::record);
    }

    /** After a rollback: forgets what is pending. */
    synchronized void rolledBack() {
        pending.clear();
    }
}
