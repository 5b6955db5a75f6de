package dev.mooring.attach.service;

import dev.mooring.attach.config.AttachConfig;
import dev.mooring.attach.repository.Takeover;
import dev.mooring.attach.repository.TakeoverRepository;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.jobs.Jobs;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.MDC;

/**
 * The retry pass, a periodic job every {@code mooring.attach.takeover.retry-interval} (and at startup): a
 * {@code resume-takeover} job for every unfinished takeover (a restart, a fence an array could not confirm, a move
 * that failed) and a {@code connect-drive} job for every drive still waiting, each unless one waits already — so
 * asking again never piles up work, and the jobs' own order per node holds.
 */
@ApplicationScoped
public class RetryWaitingWork {

    @Inject
    TakeoverRepository takeovers;

    @Inject
    Jobs jobs;

    @Inject
    AttachDrive drives;

    @Inject
    BackgroundWork background;

    @Inject
    AttachConfig config;

    void start(@Observes StartupEvent event) {
        background.periodic("takeover-retry", config.takeover().retryInterval(), this::pass);
    }

    /** One pass, in one transaction. */
    public Uni<Void> pass() {
        return Panache.withTransaction(() -> takeovers.unfinished().chain(list -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Takeover t : list) {
                chain = chain.chain(() -> {
                    MDC.put("correlationId", t.correlationId); // the job's, as the takeover's decision had it
                    return jobs.enqueueUnlessWaiting(TakeOverNode.RESUME, t.failedNode,
                            new TakeOverNode.Work(t.takeoverId)).replaceWithVoid();
                });
            }
            return chain.eventually(() -> MDC.remove("correlationId"));
        }).chain(() -> drives.retryWaiting()).replaceWithVoid());
    }
}
