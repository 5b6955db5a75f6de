package dev.mooring.attach.array;

/** What ensuring a node's host on an array did: made it, found it as it should be, changed its initiators, adopted it. */
public enum HostOutcome {
    created,
    unchanged,
    changed,
    adopted;

    public boolean madeOrAdopted() {
        return this == created || this == adopted;
    }
}
