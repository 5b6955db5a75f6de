package dev.mooring.flasharray.client.request;

import dev.mooring.flasharray.client.FlashArrayNames;
import dev.mooring.flasharray.client.model.QoS;

/**
 * What to create with {@code POST /volumes?names=…}: a name (optionally in a pod), a size and optional QoS.
 *
 * <pre>{@code VolumeCreate.of("pvc-1234", 10L << 30).inPod("pod1").withQos(QoS.iops(5000))}</pre>
 *
 * @param name        unqualified name, or already qualified ({@code pod::vol}) when {@code pod} is null
 * @param pod         the pod to create it in, or null
 * @param provisioned size in bytes: a positive multiple of 512, at most 4 PiB
 * @param qos         limits, or null for none
 */
public record VolumeCreate(String name, String pod, long provisioned, QoS qos) {

    /** 4 PiB, the largest volume a FlashArray accepts. */
    public static final long MAX_SIZE = 4_503_599_627_370_496L;

    public VolumeCreate {
        if (pod == null) {
            FlashArrayNames.requireValidQualified(name);
        } else {
            FlashArrayNames.requireValidQualified(pod);
            FlashArrayNames.requireValid(name);
        }
        requireSize(provisioned);
    }

    public static VolumeCreate of(String name, long sizeBytes) {
        return new VolumeCreate(name, null, sizeBytes, null);
    }

    public VolumeCreate inPod(String pod) {
        return new VolumeCreate(FlashArrayNames.baseName(name), pod, provisioned, qos);
    }

    public VolumeCreate withQos(QoS qos) {
        return new VolumeCreate(name, pod, provisioned, qos);
    }

    /** The name as sent: {@code pod::name} or {@code name}. */
    public String qualifiedName() {
        return pod == null ? name : pod + "::" + name;
    }

    /** Checks a volume size: positive, a multiple of 512, at most 4 PiB. */
    public static long requireSize(long bytes) {
        if (bytes <= 0 || bytes % 512 != 0 || bytes > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "volume size must be a positive multiple of 512 bytes, at most 4 PiB: " + bytes);
        }
        return bytes;
    }
}
