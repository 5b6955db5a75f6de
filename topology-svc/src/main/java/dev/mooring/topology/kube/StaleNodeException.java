package dev.mooring.topology.kube;

/** The Node changed after it was read: a write based on the old version was refused (409), nothing was changed. */
public class StaleNodeException extends RuntimeException {

    public StaleNodeException(String node) {
        super("Node " + node + " changed since it was read; its labels were not written");
    }
}
