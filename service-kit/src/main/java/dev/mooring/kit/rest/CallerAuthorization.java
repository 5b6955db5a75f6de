package dev.mooring.kit.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What an authenticated caller may call: an administrator everything; a node agent only the operations marked
 * {@link NodeAgentAccess}, and only for the node it runs on — so a node cannot heartbeat, report initiators or
 * {@code px_env}, or read attachments for another node, and cannot create, attach or delete anything.
 */
@ApplicationScoped
public class CallerAuthorization {

    private static final Logger LOG = Logger.getLogger(CallerAuthorization.class);

    @ServerRequestFilter
    public Optional<Response> authorize(ContainerRequestContext request, ResourceInfo resource) {
        if (!(request.getProperty(Caller.PROPERTY) instanceof Caller.NodeAgent agent)) {
            return Optional.empty();
        }
        Optional<String> refusal = refusal(agent, access(resource), request);
        refusal.ifPresent(reason -> LOG.warnf("Refused %s %s to the node agent of %s: %s", request.getMethod(),
                request.getUriInfo().getPath(), agent.node(), reason));
        return refusal.map(reason -> Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "forbidden", "Forbidden", reason)).build());
    }

    /** Why the node agent may not make this call, or empty when it may. */
    static Optional<String> refusal(Caller.NodeAgent agent, Optional<NodeAgentAccess> access,
                                    ContainerRequestContext request) {
        if (access.isEmpty()) {
            return Optional.of("a node agent may not call this operation; it is for administrators");
        }
        String named = !access.get().pathParam().isEmpty()
                ? request.getUriInfo().getPathParameters().getFirst(access.get().pathParam())
                : request.getUriInfo().getQueryParameters().getFirst(access.get().queryParam());
        if (named == null || named.isBlank()) {
            return Optional.of("a node agent must name its own node ("
                    + (access.get().pathParam().isEmpty() ? "query parameter " + access.get().queryParam()
                    : "path parameter " + access.get().pathParam()) + ")");
        }
        if (!named.equals(agent.node())) {
            return Optional.of("the node agent of " + agent.node() + " may act for its own node only, not for " + named);
        }
        return Optional.empty();
    }

    private static Optional<NodeAgentAccess> access(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        return method == null ? Optional.empty() : Optional.ofNullable(method.getAnnotation(NodeAgentAccess.class));
    }
}
