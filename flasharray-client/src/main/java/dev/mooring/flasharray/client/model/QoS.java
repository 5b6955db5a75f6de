package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Quality-of-service limits: {@code bandwidth_limit} (bytes/s, 1 MiB/s … 512 GiB/s) and {@code iops_limit}
 * (100 … 100 000 000); realms also have floors. Null means "no limit".
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QoS(Long bandwidthLimit, Long iopsLimit, Long bandwidthFloor, Long iopsFloor) {

    public static final long MIN_BANDWIDTH = 1_048_576L;
    public static final long MAX_BANDWIDTH = 549_755_813_888L;
    public static final long MIN_IOPS = 100L;
    public static final long MAX_IOPS = 100_000_000L;

    /** Limits for a volume; either may be null. Checked against the array's ranges. */
    public static QoS limits(Long bandwidthLimit, Long iopsLimit) {
        if (bandwidthLimit != null && (bandwidthLimit < MIN_BANDWIDTH || bandwidthLimit > MAX_BANDWIDTH)) {
            throw new IllegalArgumentException("bandwidth_limit must be between " + MIN_BANDWIDTH + " and "
                    + MAX_BANDWIDTH + " bytes/s: " + bandwidthLimit);
        }
        if (iopsLimit != null && (iopsLimit < MIN_IOPS || iopsLimit > MAX_IOPS)) {
            throw new IllegalArgumentException("iops_limit must be between " + MIN_IOPS + " and " + MAX_IOPS
                    + ": " + iopsLimit);
        }
        return new QoS(bandwidthLimit, iopsLimit, null, null);
    }

    public static QoS iops(long iopsLimit) {
        return limits(null, iopsLimit);
    }

    public static QoS bandwidth(long bytesPerSecond) {
        return limits(bytesPerSecond, null);
    }

    /** True when neither limit is set. */
    @JsonIgnore
    public boolean isUnlimited() {
        return bandwidthLimit == null && iopsLimit == null;
    }
}
