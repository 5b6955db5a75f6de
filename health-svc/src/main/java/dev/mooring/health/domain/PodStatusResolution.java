package dev.mooring.health.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns what the answering arrays said about their stretched pods into one status per pod and member array.
 * An array's own word about itself wins (after a link cut the loser calls itself offline but its peer
 * {@code unknown}); when it did not answer (down) or knows nothing, the first peer (by name) that knows
 * decides; when nobody answers about it, it is {@code unknown}. Members known from earlier polls stay
 * listed, so an array that vanished from every answer becomes {@code unknown} rather than forgotten.
 */
public final class PodStatusResolution {

    private PodStatusResolution() {
    }

    /**
     * @param views        what each answering array said, one per (reporter, stretched pod)
     * @param knownMembers pod → member arrays known from before (stored)
     */
    public static List<PodArrayStatus> resolve(Collection<PodArrayView> views, Map<String, Set<String>> knownMembers) {
        Map<String, Set<String>> members = new TreeMap<>();
        knownMembers.forEach((pod, arrays) -> members.computeIfAbsent(pod, p -> new TreeSet<>()).addAll(arrays));
        for (PodArrayView view : views) {
            view.members().forEach(m -> members.computeIfAbsent(view.pod(), p -> new TreeSet<>()).add(m.array()));
        }
        List<PodArrayStatus> out = new ArrayList<>();
        members.forEach((pod, arrays) -> arrays.forEach(array -> out.add(resolveOne(pod, array, views))));
        return out;
    }

    private static PodArrayStatus resolveOne(String pod, String array, Collection<PodArrayView> views) {
        List<PodArrayView> aboutPod = views.stream().filter(v -> v.pod().equals(pod))
                .sorted(Comparator.comparing(PodArrayView::reporter)).toList();
        Optional<PodArrayView.Member> own = aboutPod.stream().filter(v -> v.reporter().equals(array))
                .flatMap(v -> member(v, array).stream()).findFirst();
        String mediator = own.map(PodArrayView.Member::mediatorStatus).map(PodStatusResolution::mediator)
                .orElse(PodArrayStatus.UNKNOWN);
        Optional<PodArrayView.Member> decisive = own.filter(m -> !PodArrayStatus.UNKNOWN.equals(normalise(m.status())))
                .or(() -> aboutPod.stream().filter(v -> !v.reporter().equals(array))
                        .flatMap(v -> member(v, array).stream())
                        .filter(m -> !PodArrayStatus.UNKNOWN.equals(normalise(m.status())))
                        .findFirst());
        if (decisive.isEmpty()) {
            return new PodArrayStatus(pod, array, PodArrayStatus.UNKNOWN, null, mediator);
        }
        String status = normalise(decisive.get().status());
        Double progress = PodArrayStatus.RESYNCING.equals(status) ? decisive.get().progress() : null;
        return new PodArrayStatus(pod, array, status, progress, mediator);
    }

    private static Optional<PodArrayView.Member> member(PodArrayView view, String array) {
        return view.members().stream().filter(m -> array.equals(m.array())).findFirst();
    }

    /** FlashArray statuses onto Mooring's four: a suspended array serves nothing, like an offline one. */
    static String normalise(String status) {
        if (status == null) {
            return PodArrayStatus.UNKNOWN;
        }
        return switch (status) {
            case "online" -> PodArrayStatus.ONLINE;
            case "offline", "suspended" -> PodArrayStatus.OFFLINE;
            case "resyncing" -> PodArrayStatus.RESYNCING;
            default -> PodArrayStatus.UNKNOWN;
        };
    }

    private static String mediator(String status) {
        if (status == null) {
            return PodArrayStatus.UNKNOWN;
        }
        return switch (status) {
            case "online", "unreachable" -> status;
            default -> PodArrayStatus.UNKNOWN; // flummoxed and the like: the array cannot tell
        };
    }
}
