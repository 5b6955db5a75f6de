package dev.mooring.flasharray.client.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A volume ({@code GET /volumes}). Fields added after REST 2.2 are null on older arrays.
 *
 * @param serial          24 upper-case hex digits; see {@link dev.mooring.flasharray.client.DeviceIdentity}
 * @param provisioned     size in bytes
 * @param created         creation time, ms since the epoch
 * @param timeRemaining   ms until eradication when destroyed, else null
 * @param pod             the pod it lives in ({@code pod::vol}), unset when none
 * @param promotionStatus {@code promoted}, {@code demoted} (2.2+)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Volume(String id, String name, String serial, Long provisioned, Long created,
                     Boolean destroyed, Long timeRemaining, Integer connectionCount, Ref pod,
                     Ref volumeGroup, Ref source, String subtype, QoS qos, String promotionStatus,
                     String requestedPromotionState, Integer priority, Space space,
                     String hostEncryptionKeyStatus) {

    public boolean isDestroyed() {
        return Boolean.TRUE.equals(destroyed);
    }

    /** The pod name, or null when the volume is not in a pod. */
    public String podName() {
        return Ref.nameOf(pod);
    }

    /** The device identity (WWID, paths, NGUID) derived from the serial. */
    public dev.mooring.flasharray.client.DeviceIdentity deviceIdentity() {
        return dev.mooring.flasharray.client.DeviceIdentity.of(serial);
    }
}
