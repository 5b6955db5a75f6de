package dev.mooring.kit.inventory;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;

/**
 * {@code /api/v1/orphans} of every service: what its inventory reconciler found on the arrays under Mooring's naming
 * that its state does not account for — where, why, since when (age), and what is planned or was done.
 */
@Path("/api/v1/orphans")
@Produces(MediaType.APPLICATION_JSON)
public class OrphanResource {

    @Inject
    OrphanBook book;

    @Inject
    InventoryConfig config;

    @Inject
    Clock clock;

    /** Current orphans, oldest first ({@code ?all=true}: resolved ones too — cleaned up, or gone by themselves). */
    @GET
    public Uni<List<OrphanBook.View>> list(@QueryParam("all") @DefaultValue("false") boolean all) {
        return book.list(all, clock.instant(), config.grace());
    }
}
