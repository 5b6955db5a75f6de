package dev.mooring.health.domain;

/**
 * The status Mooring gives one array of a stretched pod: {@code online}, {@code offline}, {@code resyncing}
 * (with progress 0..1) or {@code unknown}, and that array's view of the Mediator.
 */
public record PodArrayStatus(String pod, String array, String status, Double progress, String mediatorStatus) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String RESYNCING = "resyncing";
    public static final String UNKNOWN = "unknown";
    public static final String MEDIATOR_UNREACHABLE = "unreachable";

    /** Whether {@code previous} → this is a change worth an event (the status itself; progress alone is not). */
    public boolean statusDiffersFrom(String previousStatus) {
        return !status.equals(previousStatus);
    }

    /** Whether this is the transition of the array's Mediator view to unreachable. */
    public boolean mediatorBecameUnreachable(String previousMediatorStatus) {
        return MEDIATOR_UNREACHABLE.equals(mediatorStatus) && !MEDIATOR_UNREACHABLE.equals(previousMediatorStatus);
    }
}
