package dev.mooring.kit.rest;

import dev.mooring.kit.security.BearerTokens;
import jakarta.annotation.PostConstruct;
import dev.mooring.kit.kube.NodeAgentIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Protects {@code /api/*} with a bearer token read from configuration ({@code mooring.api.tokens}, several
 * allowed so a token can be rotated without downtime). /q/health, /q/metrics and /q/openapi stay open. The token is
 * checked in constant time against every configured one ({@link BearerTokens}); {@link ApiTokensAtStart} makes sure
 * outside dev and test that there are tokens and that each is strong. With {@code mooring.api.node-agents.enabled}, a
 * token that is no admin token may be a node agent's ServiceAccount token ({@link NodeAgentIdentity}): its caller is
 * then that node's agent, whom {@link CallerAuthorization} allows only its own node's few operations. The paths of
 * {@code mooring.api.unauthenticated-paths} (exact paths, none by default) need no token: for callers that cannot send
 * one, such as kube-scheduler calling topology-svc's scheduler extender.
 */
@ApplicationScoped
public class ApiTokenFilter {

    private static final Logger LOG = Logger.getLogger(ApiTokenFilter.class);
    private static final String BEARER = "Bearer ";

    @ConfigProperty(name = ApiTokensAtStart.SETTING)
    Optional<List<String>> tokens;

    /**
     * Exact {@code /api/*} paths callable without a token (none by default); only for operations that change nothing
     * and reveal nothing secret, with network policy keeping other callers away.
     */
    @ConfigProperty(name = "mooring.api.unauthenticated-paths")
    Optional<List<String>> unauthenticatedPaths;

    @Inject
    NodeAgentIdentity agents;

    private BearerTokens accepted;

    @PostConstruct
    void init() {
        accepted = new BearerTokens(tokens.orElse(List.of()));
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (unauthenticatedPaths.orElse(List.of()).contains(path)) {
            return Uni.createFrom().nullItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<Response> refusal = authenticate(path, authorization);
        if (refusal.isEmpty()) {
            if (path.startsWith("/api/")) {
                request.setProperty(Caller.PROPERTY, new Caller.Administrator());
            }
            return Uni.createFrom().nullItem();
        }
        if (!agents.enabled() || !hasBearer(authorization)) {
            return Uni.createFrom().item(refusal.get());
        }
        // Not an admin token: perhaps a node agent's ServiceAccount token, which says which node it runs on.
        return agents.nodeOf(bearer(authorization)).map(node -> {
            node.ifPresent(name -> request.setProperty(Caller.PROPERTY, new Caller.NodeAgent(name)));
            return node.isPresent() ? null : refusal.get();
        }).onFailure().recoverWithItem(failure -> {
            // The API server could not be asked: the token may be good, so not a 401 the agent would take as final.
            // The failure's class only: a client error's message could repeat the request, the token in it.
            LOG.warnf("Cannot review a bearer token with the Kubernetes API (%s)", failure.getClass().getSimpleName());
            return Response.status(503).header(HttpHeaders.RETRY_AFTER, "5").type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(503, "unavailable", "Service Unavailable",
                            "The token cannot be checked now (Kubernetes API unreachable); try again")).build();
        });
    }

    /** The answer to a call of {@code path} with this Authorization header by admin token: none (go on) or a 401. */
    Optional<Response> authenticate(String path, String authorization) {
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        if (!hasBearer(authorization)) {
            return Optional.of(unauthorized("A bearer token is required: send 'Authorization: Bearer <token>'"));
        }
        return accepted.accepts(bearer(authorization)) ? Optional.empty()
                : Optional.of(unauthorized("The bearer token is not valid"));
    }

    private static boolean hasBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    private static String bearer(String authorization) {
        return authorization.substring(BEARER.length()).trim();
    }

    private static Response unauthorized(String detail) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mooring\"")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "unauthorized", "Unauthorized", detail))
                .build();
    }
}
