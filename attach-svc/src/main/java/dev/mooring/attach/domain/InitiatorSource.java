package dev.mooring.attach.domain;

/** Where a node's initiators came from. */
public enum InitiatorSource {
    /** The Node's annotations ({@code mooring.dev/iscsi-iqn}, {@code mooring.dev/fc-wwns}). */
    Annotation,
    /** A node agent's {@code POST /api/v1/nodes/{name}/initiators}. */
    Agent,
    /** Nothing known yet. */
    None;

    /** The initiators that count: the annotations when they name any (an operator's explicit word), else the agent's. */
    public static InitiatorSource effective(NodeInitiators fromAnnotations, NodeInitiators fromAgent) {
        if (fromAnnotations != null && !fromAnnotations.isEmpty()) {
            return Annotation;
        }
        if (fromAgent != null && !fromAgent.isEmpty()) {
            return Agent;
        }
        return None;
    }
}
