package dev.mooring.agent.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the agent staged for one volume and published from it; kept in the state directory so a restarted agent
 * knows what it did.
 */
public record StagedVolume(String volumeId, String stagingPath, String serial, String wwid, String device,
                           VolumeCapability capability, Map<String, String> publishContext,
                           Map<String, Publication> publications) {

    /** One bind mount (or block device node) at a target path. */
    public record Publication(String targetPath, boolean readOnly, VolumeCapability capability) {
    }

    public StagedVolume {
        publishContext = Map.copyOf(publishContext);
        publications = Map.copyOf(new TreeMap<>(publications));
    }

    public StagedVolume withPublication(Publication p) {
        Map<String, Publication> next = new TreeMap<>(publications);
        next.put(p.targetPath(), p);
        return new StagedVolume(volumeId, stagingPath, serial, wwid, device, capability, publishContext, next);
    }

    public StagedVolume withoutPublication(String targetPath) {
        Map<String, Publication> next = new TreeMap<>(publications);
        next.remove(targetPath);
        return new StagedVolume(volumeId, stagingPath, serial, wwid, device, capability, publishContext, next);
    }

    /**
     * Checks a second publish at {@code target} with {@code wanted}/{@code readOnly} against the spec's tables:
     * the same target and arguments is a no-op (returns true), the same target with other arguments is
     * ALREADY_EXISTS, another target is allowed only for modes that allow several (else FAILED_PRECONDITION).
     */
    public boolean checkPublish(String target, VolumeCapability wanted, boolean readOnly) {
        Publication existing = publications.get(target);
        if (existing != null) {
            if (existing.readOnly() == readOnly && existing.capability().sameAs(wanted)) {
                return true;
            }
            throw CsiError.alreadyExists("volume " + volumeId + " is already published at " + target + " as "
                    + existing.capability() + (existing.readOnly() ? " read-only" : "") + "; asked for " + wanted
                    + (readOnly ? " read-only" : ""));
        }
        if (!publications.isEmpty() && !wanted.accessMode().allowsSeveralTargets()) {
            throw CsiError.failedPrecondition("volume " + volumeId + " is " + wanted.accessMode() + " and already"
                    + " published at " + publications.keySet().iterator().next());
        }
        for (Publication p : publications.values()) {
            if (!p.capability().sameAs(wanted)) {
                throw CsiError.failedPrecondition("volume " + volumeId + " is already published with another"
                        + " capability (" + p.capability() + ")");
            }
        }
        return false;
    }
}
