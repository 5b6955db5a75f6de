package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The state of one array of a stretched pod or realm ({@code arrays[]}).
 *
 * @param status         {@code online}, {@code offline}, {@code resyncing}, {@code suspended}, {@code unknown}
 * @param mediatorStatus {@code online}, {@code unreachable}, {@code flummoxed}, {@code unknown}
 * @param preElected     this array was pre-elected to keep serving if the mediator is lost
 * @param frozenAt       recovery point in ms since the epoch, null while in sync
 * @param progress       resync progress 0.0–1.0, null when not resyncing
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodArrayStatus(String id, String name, String status, String mediatorStatus, Boolean preElected,
                             Long frozenAt, Double progress) {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String RESYNCING = "resyncing";
    public static final String SUSPENDED = "suspended";
    public static final String UNKNOWN = "unknown";

    public boolean isOnline() {
        return ONLINE.equals(status);
    }
}
