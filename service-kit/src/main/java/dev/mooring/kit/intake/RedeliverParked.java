package dev.mooring.kit.intake;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.serde.EventCodec;
import dev.mooring.events.serde.EventDecodingException;
import dev.mooring.kit.deadletter.DeadLetters;
import dev.mooring.kit.deadletter.Failures;
import dev.mooring.kit.jobs.Job;
import dev.mooring.kit.jobs.JobHandler;
import dev.mooring.kit.jobs.JobOutcome;
import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.jobs.JobsConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * Hands a parked event to its consumer again, as the channel would have (the job runner's backoff paces the
 * attempts). It is dead-lettered — its original record, with the reason — when it turns out to be poison or keeps
 * failing the same way; otherwise the job is done once the consumer handled it.
 */
@ApplicationScoped
public class RedeliverParked implements JobHandler {

    private static final Logger LOG = Logger.getLogger(RedeliverParked.class);

    @Inject
    Instance<EventConsumer> consumers;

    @Inject
    DeadLetters deadLetters;

    @Inject
    Jobs jobs;

    @Inject
    JobsConfig config;

    @Override
    public String kind() {
        return Intake.REDELIVER;
    }

    @Override
    public Uni<JobOutcome> run(Job job) {
        ParkedRecord parked = job.payload(ParkedRecord.class);
        Intake.Record record = new Intake.Record(parked.channel(), parked.topic(), parked.partition(), parked.offset(),
                parked.key(), parked.payload());
        EventConsumer consumer = consumers.stream().filter(c -> c.channel().equals(parked.channel())).findFirst()
                .orElse(null);
        if (consumer == null) {
            return giveUp(job, record, null, "no consumer of channel " + parked.channel() + " in this service");
        }
        SpecificRecord event;
        try {
            event = EventCodec.instance().decode(parked.payload());
        } catch (EventDecodingException e) {
            return giveUp(job, record, null, "not a known event: " + e.getMessage());
        }
        EventEnvelope envelope = EventCatalog.envelopeOf(event);
        return Uni.createFrom().deferred(() -> consumer.handle(event))
                .chain(() -> Panache.withTransaction(() -> jobs.finish(job)))
                .invoke(() -> LOG.infof("Parked %s %s of key %s handled", EventCatalog.typeName(event),
                        envelope.getEventId(), parked.key()))
                .replaceWith(JobOutcome.done())
                .onFailure(failure -> Failures.isPoison(failure)
                        || (Failures.describe(failure).equals(job.lastError())
                                && job.failureStreak() + 1 >= config.maxSameFailures()))
                .recoverWithUni(failure -> giveUp(job, record, envelope,
                        Failures.isPoison(failure) ? Failures.describe(failure)
                                : "failed the same way " + (job.failureStreak() + 1) + " times: "
                                        + Failures.describe(failure)));
    }

    private Uni<JobOutcome> giveUp(Job job, Intake.Record record, EventEnvelope envelope, String reason) {
        return Panache.withTransaction(() -> jobs.finish(job)
                        .chain(() -> deadLetters.record(record.deadLetter(envelope, reason, job.attempts()))))
                .replaceWith(JobOutcome.done());
    }
}
