package dev.mooring.console.model;

import java.util.List;

/** health-svc's node list: which instance decides, whether takeovers are paused (and why), and every node. */
public record NodesOverview(String leader, boolean takeoversPaused, List<String> pauseReasons, List<NodeInfo> nodes) {

    public NodesOverview {
        pauseReasons = List.copyOf(pauseReasons);
        nodes = List.copyOf(nodes);
    }
}
