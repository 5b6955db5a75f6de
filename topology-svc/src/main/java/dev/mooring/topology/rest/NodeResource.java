package dev.mooring.topology.rest;

import dev.mooring.kit.rest.CorrelationIdFilter;
import dev.mooring.kit.rest.NodeAgentAccess;
import dev.mooring.kit.rest.Problem;
import dev.mooring.kit.rest.ProblemException;
import dev.mooring.topology.domain.KubernetesNames;
import dev.mooring.topology.domain.ManagedLabels;
import dev.mooring.topology.domain.PxEnv;
import dev.mooring.topology.kube.NodeWatcher;
import dev.mooring.topology.repository.NodeRepository;
import dev.mooring.topology.repository.PxEnvRepository;
import dev.mooring.topology.service.ReportPxEnv;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** One node: its topology, and the px_env report its agent sends. */
@Path("/api/v1/nodes/{name}")
@SecurityRequirement(name = "bearer")
public class NodeResource {

    /** A px_env file is a few lines; anything this large is not one. */
    static final int MAX_PX_ENV_CHARS = 64 * 1024;

    @Inject
    NodeRepository nodes;

    @Inject
    PxEnvRepository pxEnvs;

    @Inject
    NodeWatcher watcher;

    @Inject
    ReportPxEnv reportPxEnv;

    @Context
    UriInfo uri;

    @GET
    @Path("/topology")
    @Operation(summary = "The node's region, zone and rack with the source of each, its conflicts, the px/* labels"
            + " Mooring wrote and the px_env values it reported")
    public Uni<NodeTopologyView> topology(@PathParam("name") String name) {
        validName(name);
        return Panache.withSession(() -> nodes.findLive(name)
                .chain(record -> pxEnvs.findById(name).map(report -> {
                    if (record == null) {
                        throw ProblemException.notFound("Node " + name + " is not known: Kubernetes has not shown it"
                                + (report == null ? "" : " (its px_env report is kept for when it does)"));
                    }
                    Map<String, String> written = watcher.node(name)
                            .map(n -> ManagedLabels.parse(n.managedAnnotation()).owned(n.observed().labels()))
                            .orElse(Map.of());
                    return NodeTopologyView.of(record, report, written);
                })));
    }

    @POST
    @Path("/px-env")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report the node's /etc/pwx/px_env as a JSON object",
            description = "Keeps PX_REGION, PX_ZONE, PX_RACK and their PWX_ spellings (others are dropped, named in"
                    + " ignoredKeys); replaces the previous report. 202: the topology is derived again shortly.")
    @NodeAgentAccess(pathParam = "name")
    public Uni<Response> reportJson(@PathParam("name") String name, Map<String, Object> body) {
        validName(name);
        if (body == null) {
            throw ProblemException.invalid("body", "is required: a JSON object such as {\"PX_ZONE\":\"zone-a\"}");
        }
        return store(name, PxEnv.fromMap(body));
    }

    @POST
    @Path("/px-env")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(summary = "Report the node's /etc/pwx/px_env as the file's text (KEY=value lines)",
            description = "curl -H 'Content-Type: text/plain' --data-binary @/etc/pwx/px_env …")
    @NodeAgentAccess(pathParam = "name")
    public Uni<Response> reportText(@PathParam("name") String name, String body) {
        validName(name);
        if (body != null && body.length() > MAX_PX_ENV_CHARS) {
            throw ProblemException.invalid("body", "is " + body.length() + " characters; a px_env report has at most "
                    + MAX_PX_ENV_CHARS);
        }
        return store(name, PxEnv.fromText(body));
    }

    private Uni<Response> store(String name, PxEnv.Parsed parsed) {
        if (!parsed.valid()) {
            throw ProblemException.invalid(parsed.problems().stream()
                    .map(p -> new Problem.FieldError(p.field(), p.reason())).toList());
        }
        URI topology = uri.getBaseUriBuilder().path("api/v1/nodes").path(name).path("topology").build();
        return reportPxEnv.report(name, parsed.env(), CorrelationIdFilter.current())
                .map(stored -> Response.accepted(new PxEnvReportView(name, stored.values(), parsed.ignoredKeys(),
                        stored.reportedAt, topology.getPath())).location(topology).build());
    }

    private static void validName(String name) {
        String problem = KubernetesNames.nodeNameProblem(name);
        if (problem != null) {
            throw ProblemException.invalid("name", problem);
        }
    }
}
