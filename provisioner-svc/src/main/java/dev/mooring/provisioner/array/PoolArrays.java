package dev.mooring.provisioner.array;

import dev.mooring.kit.arrays.ArrayDirectory;
import dev.mooring.kit.arrays.RegisteredArray;
import dev.mooring.provisioner.domain.placement.ArrayFacts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registered arrays as drive planning sees them: reachable or not, free space, Mooring's drives, labels. */
@ApplicationScoped
public class PoolArrays {

    @Inject
    ArrayDirectory directory;

    /** Reads each registered array's free space now, and the drives already placed on each. */
    public Uni<List<ArrayFacts>> facts() {
        List<RegisteredArray> registered = directory.registered();
        if (registered.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Uni<Map<String, Long>> reserved = Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT array_name, sum(size_bytes) FROM drive GROUP BY array_name", Object[].class)
                .getResultList()
                .map(rows -> {
                    Map<String, Long> byArray = new HashMap<>();
                    rows.forEach(row -> byArray.put((String) row[0], ((Number) row[1]).longValue()));
                    return byArray;
                })));
        List<Uni<Optional<Long>>> free = registered.stream().map(a -> directory.freeBytes(a.name())).toList();
        return reserved.chain(byArray -> Uni.join().all(free).andFailFast().map(frees -> {
            List<ArrayFacts> facts = new java.util.ArrayList<>();
            for (int i = 0; i < registered.size(); i++) {
                RegisteredArray a = registered.get(i);
                facts.add(new ArrayFacts(a.name(), frees.get(i).isPresent(), frees.get(i).orElse(0L),
                        byArray.getOrDefault(a.name(), 0L), a.labels() == null ? Map.of() : a.labels()));
            }
            return facts;
        }));
    }
}
