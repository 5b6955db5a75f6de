package dev.mooring.flasharray.sim.domain;

import java.time.Instant;

/**
 * One entry of the connection history: a host gained or lost a volume on an array. {@code seq} is strictly
 * increasing across all arrays. {@code cause} is {@code api} (a REST call), {@code host-group} (a host joined
 * or left a group that has connections) or {@code admin} (removed "by hand" through the admin API).
 */
public record ConnectionEvent(long seq, long atMillis, String array, String host, String hostGroup, String volume,
                              String volumeId, int lun, String action, String cause) {
    public static final String CONNECT = "connect";
    public static final String DISCONNECT = "disconnect";
    public static final String CAUSE_API = "api";
    public static final String CAUSE_ADMIN = "admin";
    public static final String CAUSE_HOST_GROUP = "host-group";

    public String at() {
        return Instant.ofEpochMilli(atMillis).toString();
    }
}
