package dev.mooring.topology.dr.service;

import dev.mooring.topology.dr.DrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The witness in the third site: the tie breaker a failover needs (as the etcd witness is for Portworx). A site that
 * cannot reach it may be the one cut off, so it must not take the applications over.
 */
@ApplicationScoped
public class Witness {

    @Inject
    DrConfig config;

    /** One client for every probe (made at the first): the view and every failover ask. */
    private volatile HttpClient client;

    /** What the witness answered now. */
    public Probe probe() {
        if (config.witnessUrl().isEmpty()) {
            return new Probe(null, false, "no witness is configured (mooring.dr.witness-url)");
        }
        String url = config.witnessUrl().get();
        try {
            HttpResponse<Void> response = client().send(HttpRequest.newBuilder(URI.create(url)).timeout(config.callTimeout())
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? new Probe(url, true, null)
                    : new Probe(url, false, "answered HTTP " + response.statusCode());
        } catch (IOException | IllegalArgumentException e) {
            return new Probe(url, false, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(url, false, "interrupted");
        }
    }

    private HttpClient client() {
        HttpClient made = client;
        if (made == null) {
            made = HttpClient.newBuilder().connectTimeout(config.callTimeout()).build();
            client = made;
        }
        return made;
    }

    /** One look at the witness. */
    public record Probe(String url, boolean reachable, String error) {
    }
}
