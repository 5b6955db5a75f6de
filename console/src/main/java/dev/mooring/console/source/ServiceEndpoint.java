package dev.mooring.console.source;

import java.net.URI;

/** A service the console reads, by name and base URL ({@code http://host:port} or {@code https://…}). */
public record ServiceEndpoint(String service, URI baseUrl) {

    /** The endpoint, refused with the setting's name when the URL is not an absolute http(s) URL. */
    public static ServiceEndpoint of(String service, String setting, String url) {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + "=" + url + " is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(setting + "=" + url + " must be an http:// or https:// URL with a host");
        }
        return new ServiceEndpoint(service, uri);
    }
}
