package dev.mooring.ctl.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the services are and how to reach them: each service's base URL, the bearer token, an optional CA (PEM) for
 * HTTPS, and {@code origin} — where these came from (e.g. {@code context devstack (devstack/work/mooringctl.yaml)}),
 * which errors name so the user knows what to fix.
 */
public record ApiSettings(Map<Service, URI> urls, ApiToken token, Path caFile, String origin, String tokenOrigin) {

    public ApiSettings {
        urls = Map.copyOf(urls);
    }

    public Optional<URI> url(Service service) {
        return Optional.ofNullable(urls.get(service));
    }
}
