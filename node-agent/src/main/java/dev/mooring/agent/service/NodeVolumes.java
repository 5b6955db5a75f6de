package dev.mooring.agent.service;

import dev.mooring.agent.domain.CsiError;
import dev.mooring.agent.domain.OwnershipRule;
import dev.mooring.agent.domain.PublishContext;
import dev.mooring.agent.domain.StagedVolume;
import dev.mooring.agent.domain.VolumeCapability;
import dev.mooring.agent.host.BlkidProbe;
import dev.mooring.agent.host.DeviceMap;
import dev.mooring.agent.host.Filesystems;
import dev.mooring.agent.host.Host;
import dev.mooring.agent.host.HostException;
import dev.mooring.agent.host.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The CSI node operations on this host: stage (attach the paths, wait for the map, format an empty device, mount),
 * publish (bind mount, or the device node for raw block), and their reverses, expand and stats. Every call is
 * idempotent and holds its volume for its duration; what was staged is kept in the {@link StateStore}.
 */
public final class NodeVolumes {

    private static final Logger LOG = Logger.getLogger(NodeVolumes.class);

    private final Host host;
    private final Filesystems filesystems;
    private final StateStore store;
    private final Ownership ownership;
    private final VolumeLocks locks = new VolumeLocks();
    private final Duration mapTimeout;

    public NodeVolumes(Host host, Filesystems filesystems, StateStore store, Ownership ownership, Duration mapTimeout) {
        this.host = host;
        this.filesystems = filesystems;
        this.store = store;
        this.ownership = ownership;
        this.mapTimeout = mapTimeout;
    }

    /** Stage: returns normally when the volume is staged at {@code stagingPath} as asked (now or before). */
    public void stage(String volumeId, String stagingPath, VolumeCapability capability, Map<String, String> context) {
        try (VolumeLocks.Held held = locks.acquire(volumeId, "NodeStageVolume")) {
            Optional<StagedVolume> existing = store.find(volumeId);
            if (existing.isPresent()) {
                StagedVolume sv = existing.get();
                if (!sv.stagingPath().equals(stagingPath)) {
                    throw CsiError.failedPrecondition("volume " + volumeId + " is already staged at "
                            + sv.stagingPath());
                }
                if (!sv.capability().sameAs(capability)) {
                    throw CsiError.alreadyExists("volume " + volumeId + " is already staged at " + stagingPath
                            + " as " + sv.capability() + ", not as " + capability);
                }
                if (capability.block() || mountedFrom(stagingPath, sv.device())) {
                    return;
                }
                // The state says staged but the mount is gone (a reboot): stage again below.
            }
            PublishContext ctx = PublishContext.parse(context);
            ownership.record(Set.of(ctx.serial()));
            DeviceMap map = attach(ctx);
            if (!capability.block()) {
                try {
                    mountFilesystem(volumeId, map, stagingPath, capability);
                } catch (RuntimeException e) {
                    // Nothing half-done: the paths this stage connected go again; the kubelet's retry reconnects.
                    rollBack(volumeId, ctx);
                    throw e;
                }
            }
            store.save(new StagedVolume(volumeId, stagingPath, ctx.serial(), ctx.wwid(), map.devicePath(),
                    capability, context, Map.of()));
            LOG.infof("volume=%s wwid=%s staged at %s (%s, %d/%d paths)", volumeId, ctx.wwid(), stagingPath,
                    capability, map.activePaths(), ctx.expectedPaths());
        }
    }

    private void rollBack(String volumeId, PublishContext ctx) {
        try {
            host.disconnect(ctx.wwid(), ctx.iscsiTargets());
        } catch (RuntimeException e) {
            LOG.warnf("volume=%s wwid=%s could not disconnect after a failed stage: %s", volumeId, ctx.wwid(),
                    e.getMessage());
        }
    }

    private DeviceMap attach(PublishContext ctx) {
        try {
            host.connect(ctx);
        } catch (HostException e) {
            throw new CsiError(CsiError.Code.UNAVAILABLE, "cannot reach volume " + ctx.wwid() + ": "
                    + e.getMessage());
        }
        DeviceMap map;
        try {
            map = host.awaitMap(ctx.wwid(), ctx.expectedPaths(), mapTimeout);
        } catch (HostException e) {
            throw CsiError.deadlineExceeded(e.getMessage());
        }
        if (map.ioFailed() || map.activePaths() == 0) {
            throw CsiError.failedPrecondition("volume " + ctx.wwid() + " has no working path (is it still"
                    + " connected to this node's host on the array?)");
        }
        return map;
    }

    private void mountFilesystem(String volumeId, DeviceMap map, String stagingPath, VolumeCapability cap) {
        String device = map.devicePath();
        if (mountedFrom(stagingPath, device)) {
            return;
        }
        if (filesystems.mounts().at(stagingPath).isPresent()) {
            throw CsiError.alreadyExists("staging path " + stagingPath + " already holds another mount");
        }
        BlkidProbe probe = filesystems.probe(device);
        if (probe.empty()) {
            LOG.infof("volume=%s wwid=%s is empty: making %s", volumeId, map.wwid(), cap.fsType());
            host.format(map.wwid(), device, cap.fsType());
        } else if (probe.type() == null) {
            throw CsiError.failedPrecondition("volume " + volumeId + " holds " + probe.describe()
                    + ": it is never formatted; use it as a raw block volume or clear it yourself");
        } else if (!probe.type().equals(cap.fsType())) {
            throw CsiError.failedPrecondition("volume " + volumeId + " holds " + probe.describe() + ", not "
                    + cap.fsType() + ": it is never reformatted");
        }
        mkdirs(Path.of(stagingPath));
        filesystems.mount(device, stagingPath, cap.fsType(), cap.mountFlags(), cap.accessMode().readOnly());
    }

    /** Unstage: unmount, disconnect the paths (ownership-checked), forget. Unknown volume or path: nothing to do. */
    public void unstage(String volumeId, String stagingPath) {
        try (VolumeLocks.Held held = locks.acquire(volumeId, "NodeUnstageVolume")) {
            Optional<StagedVolume> existing = store.find(volumeId);
            if (existing.isEmpty() || !existing.get().stagingPath().equals(stagingPath)) {
                return;
            }
            StagedVolume sv = existing.get();
            if (!sv.publications().isEmpty()) {
                throw CsiError.failedPrecondition("volume " + volumeId + " is still published at "
                        + String.join(", ", sv.publications().keySet()) + ": unpublish it first");
            }
            if (filesystems.mounts().at(stagingPath).isPresent()) {
                filesystems.unmount(stagingPath);
            }
            PublishContext ctx = PublishContext.parse(sv.publishContext());
            try {
                host.disconnect(sv.wwid(), ctx.iscsiTargets());
            } catch (OwnershipRule.NotOwnedException e) {
                throw CsiError.internal(e.getMessage());
            }
            // The serial stays in the ledger until attach-svc has detached it and no map of it is left: a rescan
            // for another volume before the array drops the connection brings its device back, still ours.
            store.delete(volumeId);
            LOG.infof("volume=%s wwid=%s unstaged from %s", volumeId, sv.wwid(), stagingPath);
        }
    }

    /** Publish: the staged filesystem bind-mounted at the target, or the device node for a raw block volume. */
    public void publish(String volumeId, String stagingPath, String targetPath, VolumeCapability capability,
                        boolean readOnly) {
        if (stagingPath == null || stagingPath.isBlank()) {
            throw CsiError.failedPrecondition("staging_target_path is required: this plugin stages volumes"
                    + " (STAGE_UNSTAGE_VOLUME), call NodeStageVolume first");
        }
        try (VolumeLocks.Held held = locks.acquire(volumeId, "NodePublishVolume")) {
            StagedVolume sv = store.find(volumeId).orElseThrow(() -> CsiError.failedPrecondition("volume "
                    + volumeId + " is not staged on this node: call NodeStageVolume first"));
            if (!sv.stagingPath().equals(stagingPath)) {
                throw CsiError.failedPrecondition("volume " + volumeId + " is staged at " + sv.stagingPath()
                        + ", not at " + stagingPath);
            }
            if (!sv.capability().canServe(capability)) {
                throw CsiError.failedPrecondition("volume " + volumeId + " is staged as " + sv.capability()
                        + " and cannot be published as " + capability);
            }
            boolean readOnlyMount = readOnly || capability.accessMode().readOnly();
            if (sv.checkPublish(targetPath, capability, readOnly)
                    && filesystems.mounts().at(targetPath).isPresent()) {
                return;
            }
            Path target = Path.of(targetPath);
            if (capability.block()) {
                mkdirs(target.getParent());
                createFile(target);
                filesystems.bind(sv.device(), targetPath, List.of(), readOnlyMount);
            } else {
                mkdirs(target);
                filesystems.bind(stagingPath, targetPath, List.of(), readOnlyMount);
            }
            store.save(sv.withPublication(new StagedVolume.Publication(targetPath, readOnly, capability)));
            LOG.infof("volume=%s published at %s%s", volumeId, targetPath, readOnlyMount ? " read-only" : "");
        }
    }

    /** Unpublish: unmount the target and remove it; a target that is not there is already unpublished. */
    public void unpublish(String volumeId, String targetPath) {
        try (VolumeLocks.Held held = locks.acquire(volumeId, "NodeUnpublishVolume")) {
            Path target = Path.of(targetPath);
            while (filesystems.mounts().at(targetPath).isPresent()) {
                filesystems.unmount(targetPath);
            }
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw CsiError.internal("cannot remove " + targetPath + ": " + e.getMessage());
            }
            store.find(volumeId).ifPresent(sv -> {
                if (sv.publications().containsKey(targetPath)) {
                    store.save(sv.withoutPublication(targetPath));
                }
            });
        }
    }

    /** Grows the device to what the array now gives and the filesystem to the device; returns the new size. */
    public long expand(String volumeId, String volumePath, long requiredBytes) {
        try (VolumeLocks.Held held = locks.acquire(volumeId, "NodeExpandVolume")) {
            StagedVolume sv = stagedAt(volumeId, volumePath);
            long size;
            try {
                size = host.rescan(sv.wwid());
            } catch (HostException e) {
                throw new CsiError(CsiError.Code.UNAVAILABLE, "cannot rescan volume " + volumeId + ": "
                        + e.getMessage());
            }
            if (requiredBytes > size) {
                throw new CsiError(CsiError.Code.OUT_OF_RANGE, "volume " + volumeId + " is " + size + " bytes on"
                        + " this node, less than the " + requiredBytes + " asked: expand it on the array first");
            }
            if (!sv.capability().block()) {
                filesystems.grow(sv.device(), sv.capability().fsType(), sv.stagingPath());
            }
            LOG.infof("volume=%s expanded to %d bytes", volumeId, size);
            return size;
        }
    }

    /** What stats report: usage of the filesystem (or the device's size) and the volume's condition. */
    public record Stats(Filesystems.FsUsage usage, Long blockBytes, boolean abnormal, String condition) {
    }

    public Stats stats(String volumeId, String volumePath) {
        StagedVolume sv = stagedAt(volumeId, volumePath);
        Optional<DeviceMap> map = host.map(sv.wwid());
        PublishContext ctx = PublishContext.parse(sv.publishContext());
        boolean abnormal;
        String condition;
        if (map.isEmpty()) {
            abnormal = true;
            condition = "the device " + sv.wwid() + " is gone from the node";
        } else if (map.get().ioFailed()) {
            abnormal = true;
            condition = "every path failed: I/O to the volume fails (detached or fenced on the array)";
        } else if (map.get().activePaths() < ctx.expectedPaths()) {
            abnormal = true;
            condition = map.get().activePaths() + " of " + ctx.expectedPaths() + " paths active";
        } else {
            abnormal = false;
            condition = "all " + ctx.expectedPaths() + " paths active";
        }
        if (sv.capability().block()) {
            Long size = map.isPresent() && !map.get().ioFailed() ? filesystems.deviceSize(sv.device()) : null;
            return new Stats(null, size, abnormal, condition);
        }
        Filesystems.FsUsage usage;
        try {
            usage = filesystems.usage(volumePath);
        } catch (HostException e) {
            return new Stats(null, null, true, condition + "; the filesystem cannot be read: " + e.getMessage());
        }
        return new Stats(usage, null, abnormal, condition);
    }

    /** The staged volume, checked to be reachable at {@code path} (its staging path or one of its targets). */
    private StagedVolume stagedAt(String volumeId, String path) {
        StagedVolume sv = store.find(volumeId).orElseThrow(() -> CsiError.notFound("volume " + volumeId
                + " is not staged on this node"));
        if (!sv.stagingPath().equals(path) && !sv.publications().containsKey(path)) {
            throw CsiError.notFound("volume " + volumeId + " is not staged or published at " + path);
        }
        return sv;
    }

    /** Serials of the volumes staged here (mounted or published): what self-healing must not pull away. */
    public Set<String> stagedSerials() {
        return Set.copyOf(store.all().stream().map(StagedVolume::serial).toList());
    }

    private boolean mountedFrom(String path, String device) {
        Optional<MountTable.Entry> m = filesystems.mounts().at(path);
        if (m.isEmpty()) {
            return false;
        }
        try {
            return m.get().majorMinor().equals(filesystems.majorMinor(device));
        } catch (HostException e) {
            return false;
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw CsiError.internal("cannot create " + dir + ": " + e.getMessage());
        }
    }

    private static void createFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw CsiError.internal("cannot create " + file + ": " + e.getMessage());
        }
    }
}
