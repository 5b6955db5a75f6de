package dev.mooring.kit.jobs;

/**
 * The job is no longer held by this instance (its lease ran out and another instance took it, or it is done): the
 * transaction that tried to finish it rolls back, so its effect is applied once, by the holder.
 */
public class JobLostException extends RuntimeException {
    public JobLostException(String message) {
        super(message);
    }
}
