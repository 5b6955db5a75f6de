package dev.mooring.provisioner.domain;

import dev.mooring.provisioner.domain.placement.PodPlacement;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a stretched pod can take a new volume, from the status health-svc last reported for it on each
 * array ({@code PodArrayStatusChanged}): while one array serves it ({@code online}) volumes are created as
 * usual; when every array that reported is {@code offline}, {@code resyncing} or {@code unknown}, a new
 * volume is refused until one is online again. A pod nobody reported on is allowed, as before health-svc
 * followed pods.
 */
public final class PodServing {

    public static final String POD_NOT_SERVED = "PodNotServed";
    public static final String ONLINE = "online";

    private PodServing() {
    }

    /** The pod's last reported status on one array; {@code progress} (0..1) while resyncing. */
    public record ArrayStatus(String array, String status, Double progress) {
    }

    /** Why a volume may not be created in the pod now, or empty when it may. */
    public static Optional<PodPlacement.Refusal> check(String pod, List<ArrayStatus> statuses) {
        if (statuses.isEmpty() || statuses.stream().anyMatch(s -> ONLINE.equals(s.status()))) {
            return Optional.empty();
        }
        List<String> each = statuses.stream().sorted(Comparator.comparing(ArrayStatus::array))
                .map(s -> s.array() + " " + s.status() + ("resyncing".equals(s.status()) && s.progress() != null
                        ? " (" + Math.round(s.progress() * 100) + "%)" : ""))
                .toList();
        return Optional.of(new PodPlacement.Refusal(POD_NOT_SERVED, "Pod " + pod + " is served by no array ("
                + String.join(", ", each) + "); new volumes in it are created once an array serves it again",
                true));
    }
}
