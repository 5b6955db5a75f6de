package dev.mooring.kit.metrics;

import dev.mooring.kit.deadletter.DeadLetter;
import dev.mooring.kit.intake.EventConsumer;
import dev.mooring.kit.jobs.JobHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers at start, at zero, the kit's meters whose labels are known then — every channel this service consumes,
 * every job kind it runs — so dashboards and alerts find them on a quiet system rather than only after the first
 * dead letter or refusal. The meters are the ones {@code Intake}, {@code DeadLetters} and {@code JobRunner} count.
 */
@ApplicationScoped
public class EagerMeters {

    @Inject
    MeterRegistry metrics;

    @Inject
    @Any
    Instance<EventConsumer> consumers;

    @Inject
    @Any
    Instance<JobHandler> jobs;

    void onStart(@Observes StartupEvent event) {
        List<String> deadLetterChannels = new ArrayList<>();
        for (EventConsumer consumer : consumers) {
            String channel = consumer.channel();
            deadLetterChannels.add(channel);
            metrics.counter("mooring.intake.refused", "channel", channel);
            metrics.counter("mooring.events.parked", "channel", channel);
            metrics.timer("mooring.intake.lag", "channel", channel);
            metrics.timer("mooring.intake.handling", "channel", channel);
        }
        for (JobHandler job : jobs) {
            deadLetterChannels.add(DeadLetter.JOB_PREFIX + job.kind());
            for (String outcome : List.of("done", "again", "failed")) {
                metrics.counter("mooring.jobs.runs", "kind", job.kind(), "outcome", outcome);
            }
        }
        deadLetterChannels.forEach(channel -> metrics.counter("mooring.dead.letters", "channel", channel));
    }
}
