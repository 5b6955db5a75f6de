package dev.mooring.provisioner.kube;

import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.kube.KubeEvents;
import dev.mooring.kit.kube.KubeEvents.Notice;
import dev.mooring.kit.kube.KubeEvents.Subject;
import dev.mooring.provisioner.domain.MigratedVolume;
import dev.mooring.provisioner.domain.MigratedVolume.Candidate;
import dev.mooring.provisioner.domain.MigratedVolume.NotACandidate;
import dev.mooring.provisioner.service.AdoptVolume;
import dev.mooring.provisioner.service.AdoptVolume.Adoption;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The PVs disaster recovery migrated here from another cluster domain ({@value MigratedVolume#MIGRATED_FROM}):
 * each one of a Mooring driver whose volume id this provisioner does not know is adopted (see
 * {@link AdoptVolume}). A PV with a claimRef waits for its claim to be in this cluster, so the volume records the
 * claim's uid; the claim's arrival looks at the PV again. A refusal is a Warning Event
 * {@value #ADOPTION_FAILED} on the PV; arrays that did not answer make the caller's work queue retry with its
 * backoff. Blocking: runs on the claim watcher's worker threads.
 */
@ApplicationScoped
public class MigratedVolumes {

    /** The reason of the Event on a PV that was not adopted. */
    public static final String ADOPTION_FAILED = "VolumeAdoptionFailed";

    private static final Logger LOG = Logger.getLogger(MigratedVolumes.class);

    /** Refusals told by this process. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    @Inject
    AdoptVolume adopt;

    @Inject
    KubeEvents kubeEvents;

    @Inject
    SafeContexts contexts;

    /**
     * Adopts the PV's volume if it is one to adopt and not adopted yet.
     *
     * @param claims the claim in the informer's cache by namespace and name, or null
     * @throws ArraysUnavailableException when the arrays did not answer (the queue tries again later)
     */
    public void review(PersistentVolume pv, Set<String> provisionerNames,
                       BiFunction<String, String, PersistentVolumeClaim> claims) {
        MigratedVolume migrated = KubeFacts.migrated(pv);
        MigratedVolume.Verdict verdict = migrated.decide(provisionerNames);
        if (verdict instanceof NotACandidate) {
            return;
        }
        Candidate candidate = (Candidate) verdict;
        String claimUid = null;
        if (migrated.claimName() != null) {
            claimUid = pv.getSpec().getClaimRef().getUid();
            if (claimUid == null || claimUid.isBlank()) {
                PersistentVolumeClaim claim = claims.apply(migrated.claimNamespace(), migrated.claimName());
                if (claim == null) {
                    LOG.debugf("PV %s waits for its claim %s/%s before its volume is adopted", migrated.pvName(),
                            migrated.claimNamespace(), migrated.claimName());
                    return;
                }
                claimUid = claim.getMetadata().getUid();
            }
        }
        String uid = claimUid;
        Adoption adoption = contexts.await(() -> adopt.adopt(migrated, candidate, uid));
        if (adoption instanceof AdoptVolume.Refused refused) {
            refuse(pv, candidate, refused.message());
        } else if (adoption instanceof AdoptVolume.ArraysUnavailable unavailable) {
            LOG.warnf("PV %s: volume %s not adopted yet: %s; trying again", migrated.pvName(), candidate.volumeId(),
                    unavailable.message());
            throw new ArraysUnavailableException(unavailable.message());
        }
    }

    private void refuse(PersistentVolume pv, Candidate candidate, String message) {
        // Looked at again on every resync: the same refusal is told once by this process (the Event once for good).
        if (!refused.add(pv.getMetadata().getName() + "/" + pv.getMetadata().getUid() + "/" + message)) {
            return;
        }
        String full = "Volume " + candidate.volumeId() + " of PV " + pv.getMetadata().getName() + " migrated from "
                + KubeFacts.migrated(pv).migratedFrom() + ": " + message;
        LOG.warnf("PV %s %s: %s", pv.getMetadata().getName(), ADOPTION_FAILED, full);
        String uid = pv.getMetadata().getUid();
        Subject on = new Subject("v1", "PersistentVolume", null, pv.getMetadata().getName(),
                uid == null || uid.isBlank() ? pv.getMetadata().getName() : uid);
        // The message is the occurrence: the same refusal seen again refreshes one Event.
        contexts.await(() -> kubeEvents.recordAlone(new Notice(on, KubeEvents.WARNING, ADOPTION_FAILED, full,
                Integer.toHexString(message.hashCode()))));
    }

    /** The arrays did not answer whether the array volume exists. */
    public static final class ArraysUnavailableException extends RuntimeException {
        ArraysUnavailableException(String message) {
            super(message);
        }
    }
}
