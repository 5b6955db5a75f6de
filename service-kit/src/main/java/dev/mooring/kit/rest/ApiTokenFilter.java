package dev.mooring.kit.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Protects {@code /api/*} with a bearer token read from configuration ({@code mooring.api.tokens}, several
 * allowed so a token can be rotated without downtime). /q/health, /q/metrics and /q/openapi stay open.
 */
@ApplicationScoped
public class ApiTokenFilter {

    private static final String BEARER = "Bearer ";

    @ConfigProperty(name = "mooring.api.tokens")
    Optional<List<String>> tokens;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(unauthorized("A bearer token is required: send 'Authorization: Bearer <token>'"));
        }
        byte[] presented = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean accepted = tokens.orElse(List.of()).stream()
                .anyMatch(t -> MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), presented));
        return accepted ? Optional.empty() : Optional.of(unauthorized("The bearer token is not valid"));
    }

    private static Response unauthorized(String detail) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mooring\"")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "unauthorized", "Unauthorized", detail))
                .build();
    }
}
