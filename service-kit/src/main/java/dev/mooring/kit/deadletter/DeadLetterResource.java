package dev.mooring.kit.deadletter;

import dev.mooring.kit.jobs.Jobs;
import dev.mooring.kit.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code /api/v1/dead-letters} of every service: what it could never handle, with why, and a replay that sends one
 * back once its cause is fixed (a handler corrected, a referenced object created).
 */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    @Inject
    DeadLetters deadLetters;

    @Inject
    Jobs jobs;

    /** Dead letters not yet replayed, newest first ({@code ?all=true}: replayed ones too). */
    @GET
    public Uni<List<DeadLetters.View>> list(@QueryParam("all") @DefaultValue("false") boolean all,
                                            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalid("limit", "must be between 1 and 1000, got " + limit);
        }
        return deadLetters.list(all, limit);
    }

    @GET
    @Path("/{id}")
    public Uni<DeadLetters.View> get(@PathParam("id") long id) {
        return deadLetters.get(id).map(view -> found(view, id));
    }

    /** Sends the dead letter back to its topic (or its job back to the queue) and marks it replayed. */
    @POST
    @Path("/{id}/replay")
    public Uni<DeadLetters.View> replay(@PathParam("id") long id) {
        return deadLetters.get(id).chain(existing -> {
            found(existing, id);
            if (existing.replayedAt() != null) {
                throw ProblemException.conflict("Dead letter " + id + " was replayed at "
                        + existing.replayedAt() + "; a replayed record that fails again is dead-lettered anew");
            }
            return deadLetters.replay(id, jobs);
        });
    }

    private static DeadLetters.View found(DeadLetters.View view, long id) {
        if (view == null) {
            throw ProblemException.notFound("No dead letter " + id);
        }
        return view;
    }
}
