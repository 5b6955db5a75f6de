package dev.mooring.flasharray.sim.domain;

/** How one array of a pod reports one array of that pod (FlashArray's {@code pods.arrays[]} item). */
public record PodStatus(String arrayName, String arrayId, String status, String mediatorStatus, boolean preElected,
                        Long frozenAt, Double progress) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String RESYNCING = "resyncing";
    public static final String UNKNOWN = "unknown";
    public static final String MEDIATOR_ONLINE = "online";
    public static final String MEDIATOR_UNREACHABLE = "unreachable";
}
