package dev.mooring.agent.host;

import dev.mooring.agent.domain.IscsiTarget;
import dev.mooring.agent.domain.PublishContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's storage fabric: sessions, SCSI paths and multipath maps. Two implementations: {@link LinuxHost}
 * (iscsiadm, multipath, sysfs) and {@link SimulatedHost} (loop devices for the LUNs the simulator connects).
 * Filesystem work on the resulting device is the same on both ({@link Filesystems}). Destructive calls are only
 * ever made through {@link GuardedHost}, which applies the ownership rule.
 */
public interface Host {

    /** Logs in to (iSCSI) or rescans (FC) every path of the volume and asks for the new LUNs. Idempotent. */
    void connect(PublishContext context);

    /** Waits, at most {@code timeout}, for the volume's map with {@code expectedPaths} paths; returns it as it is then. */
    DeviceMap awaitMap(String wwid, int expectedPaths, Duration timeout);

    /** The volume's map now, if there is one. */
    Optional<DeviceMap> map(String wwid);

    /** Every FlashArray map on the host (WWID {@code 3624a9370…}), owned by Mooring or not. */
    List<DeviceMap> maps();

    /** The iSCSI sessions logged in now. */
    Set<IscsiTarget> sessions();

    /** Logs in to one target again (self-healing a dropped session). */
    void login(IscsiTarget target);

    /** Rescans the paths of the map and resizes it (after the array grew the volume); returns its new size. */
    long rescan(String wwid);

    /**
     * Destructive: flushes the map, removes the SCSI devices of this WWID only, and logs out of each of
     * {@code targets} that no other LUN uses any more.
     */
    void disconnect(String wwid, Set<IscsiTarget> targets);

    /** Destructive: makes every I/O to the map fail at once (a fenced volume), instead of queueing forever. */
    void failIo(String wwid);

    /** Destructive: makes a filesystem on the volume's device; only ever called on a device found empty. */
    void format(String wwid, String devicePath, String fsType);
}
