package dev.mooring.kit.jobs;

import io.smallrye.mutiny.Uni;

/**
 * The work behind one kind of {@link Job}. A handler does its outside calls (arrays) outside any transaction and
 * then its effect in one transaction that also calls {@link Jobs#finish(Job)}, so the job is gone exactly when its
 * effect committed. It returns {@link JobOutcome#done()} when the work is over, or asks to run again later; a
 * failure is retried with backoff, and one that repeats the same way is dead-lettered.
 */
public interface JobHandler {

    /** The kind this handler runs, e.g. {@code provision-volume}. */
    String kind();

    Uni<JobOutcome> run(Job job);
}
