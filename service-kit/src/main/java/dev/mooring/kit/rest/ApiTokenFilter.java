package dev.mooring.kit.rest;

import dev.mooring.kit.security.BearerTokens;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Protects {@code /api/*} with a bearer token read from configuration ({@code mooring.api.tokens}, several
 * allowed so a token can be rotated without downtime). /q/health, /q/metrics and /q/openapi stay open. The token is
 * checked in constant time against every configured one ({@link BearerTokens}); {@link ApiTokensAtStart} makes sure
 * outside dev and test that there are tokens and that each is strong.
 */
@ApplicationScoped
public class ApiTokenFilter {

    private static final String BEARER = "Bearer ";

    @ConfigProperty(name = ApiTokensAtStart.SETTING)
    Optional<List<String>> tokens;

    private BearerTokens accepted;

    @PostConstruct
    void init() {
        accepted = new BearerTokens(tokens.orElse(List.of()));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        return authenticate(request.getUriInfo().getPath(), request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    /** The answer to a call of {@code path} with this Authorization header: none (go on) or a 401. */
    Optional<Response> authenticate(String path, String authorization) {
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(unauthorized("A bearer token is required: send 'Authorization: Bearer <token>'"));
        }
        String presented = authorization.substring(BEARER.length()).trim();
        return accepted.accepts(presented) ? Optional.empty() : Optional.of(unauthorized("The bearer token is not valid"));
    }

    private static Response unauthorized(String detail) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mooring\"")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "unauthorized", "Unauthorized", detail))
                .build();
    }
}
