package dev.mooring.provisioner.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a pool's use calls for. Below the threshold: nothing (and the next crossing may act again). At or above
 * it, once per crossing: grow the drives by half their size, up to {@code maxDriveSizeGiB} (moves no data,
 * preferred); or add a drive of the first drive spec's size, up to {@code maxDrivesPerNode}. The mode says
 * which comes first; the other is the fallback when the first is at its limit; with both at their limits the
 * expansion is blocked, with the reason.
 */
public final class PoolExpansion {

    /** A grown drive gets this much more, in percent of its size. */
    static final int GROW_PERCENT = 50;

    /** One drive of the pool as it is now. */
    public record Drive(String name, long sizeBytes) {
    }

    public sealed interface Decision {
    }

    /** Below the threshold; {@code crossingEnded}: it was over before, so a later crossing acts again. */
    public record Below(boolean crossingEnded) implements Decision {
    }

    /** Over the threshold, and this crossing was acted on already. */
    public record AlreadyActed() implements Decision {
    }

    public record Resize(String drive, long fromBytes, long toBytes) {
    }

    public record Grow(List<Resize> resizes, long capacityBytes) implements Decision {
    }

    public record Add(long sizeBytes) implements Decision {
    }

    public record Blocked(String reason, String message) implements Decision {
    }

    private PoolExpansion() {
    }

    public static boolean over(long usedBytes, long capacityBytes, int thresholdPercent) {
        return capacityBytes > 0 && usedBytes * 100 >= (long) thresholdPercent * capacityBytes;
    }

    public static Decision decide(long usedBytes, long capacityBytes, boolean actedOnCrossing, List<Drive> drives,
                                  StorageSettings settings) {
        if (!over(usedBytes, capacityBytes, settings.expansionThresholdPercent())) {
            return new Below(actedOnCrossing);
        }
        if (actedOnCrossing) {
            return new AlreadyActed();
        }
        Decision grow = grow(drives, capacityBytes, settings);
        Decision add = add(drives, settings);
        boolean growFirst = settings.expansionMode() == StorageSettings.ExpansionMode.grow;
        Decision first = growFirst ? grow : add;
        Decision second = growFirst ? add : grow;
        if (!(first instanceof Blocked)) {
            return first;
        }
        if (!(second instanceof Blocked)) {
            return second;
        }
        return new Blocked("PoolAtLimits", "Pool is " + percent(usedBytes, capacityBytes) + "% used (threshold "
                + settings.expansionThresholdPercent() + "%) and cannot grow: " + ((Blocked) grow).message()
                + ", and " + ((Blocked) add).message());
    }

    private static Decision grow(List<Drive> drives, long capacityBytes, StorageSettings settings) {
        long max = settings.maxDriveSizeBytes();
        List<Resize> resizes = new ArrayList<>();
        long added = 0;
        for (Drive drive : drives) {
            long target = Math.min(max, drive.sizeBytes() + drive.sizeBytes() * GROW_PERCENT / 100);
            if (target > drive.sizeBytes()) {
                resizes.add(new Resize(drive.name(), drive.sizeBytes(), target));
                added += target - drive.sizeBytes();
            }
        }
        if (resizes.isEmpty()) {
            return new Blocked("MaxDriveSize", "every drive is at maxDriveSizeGiB (" + StorageSettings.gib(max) + ")");
        }
        return new Grow(List.copyOf(resizes), capacityBytes + added);
    }

    private static Decision add(List<Drive> drives, StorageSettings settings) {
        if (drives.size() >= settings.maxDrivesPerNode()) {
            return new Blocked("MaxDrivesPerNode", "the pool has " + drives.size() + " drives, maxDrivesPerNode is "
                    + settings.maxDrivesPerNode());
        }
        long size = Math.min(settings.maxDriveSizeBytes(), settings.driveSizesBytes().get(0));
        return new Add(size);
    }

    static long percent(long used, long capacity) {
        return capacity == 0 ? 0 : used * 100 / capacity;
    }
}
