package dev.mooring.provisioner.service;

import dev.mooring.kit.jobs.Job;
import dev.mooring.kit.jobs.JobOutcome;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.provisioner.array.ArrayOutcome;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRecord;
import dev.mooring.provisioner.repository.VolumeRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The shape of a volume's array job: while the volume is still in the state that asked for it, the array call runs
 * outside any transaction, then its outcome is applied to the volume as it is then and the job ends, in one
 * transaction; a volume that has moved on ends the job with nothing done.
 */
@ApplicationScoped
public class VolumeArrayJobs {

    @Inject
    VolumeRepository volumes;

    @Inject
    Jobs jobs;

    Uni<JobOutcome> run(Job job, UUID volumeId, VolumeState wanted, Function<VolumeRecord, Uni<ArrayOutcome>> call,
                        BiFunction<VolumeRecord, ArrayOutcome, Uni<Void>> apply) {
        return Panache.withSession(() -> volumes.findById(volumeId)).chain(volume ->
                        volume == null || volume.state != wanted
                                ? Panache.withTransaction(() -> jobs.finish(job))
                                : call.apply(volume).chain(outcome -> Panache.withTransaction(() -> volumes
                                        .findById(volumeId)
                                        .chain(current -> apply.apply(current, outcome))
                                        .chain(() -> jobs.finish(job)))))
                .replaceWith(JobOutcome.done());
    }
}
