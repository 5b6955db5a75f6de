package dev.mooring.agent.domain;

/** The CSI access modes (the spec's names), and what each allows on one node. */
public enum AccessMode {
    SINGLE_NODE_WRITER,
    SINGLE_NODE_READER_ONLY,
    MULTI_NODE_READER_ONLY,
    MULTI_NODE_SINGLE_WRITER,
    MULTI_NODE_MULTI_WRITER,
    SINGLE_NODE_SINGLE_WRITER,
    SINGLE_NODE_MULTI_WRITER;

    /** Whether only reading is allowed. */
    public boolean readOnly() {
        return this == SINGLE_NODE_READER_ONLY || this == MULTI_NODE_READER_ONLY;
    }

    /** Whether several nodes may write at once: only a raw block device can honour it (no shared filesystem). */
    public boolean multiNodeWriter() {
        return this == MULTI_NODE_MULTI_WRITER || this == MULTI_NODE_SINGLE_WRITER;
    }

    /**
     * Whether a second publish of the volume at another target path on this node is allowed (the spec's second
     * table, for a plugin with the SINGLE_NODE_MULTI_WRITER capability).
     */
    public boolean allowsSeveralTargets() {
        return this != SINGLE_NODE_WRITER && this != SINGLE_NODE_SINGLE_WRITER && this != SINGLE_NODE_READER_ONLY;
    }
}
