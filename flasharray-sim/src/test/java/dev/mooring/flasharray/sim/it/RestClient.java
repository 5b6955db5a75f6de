package dev.mooring.flasharray.sim.it;

import dev.mooring.flasharray.sim.FlashArraySimulator;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.concurrent.TimeUnit;

/** A small blocking FlashArray REST client for the ITs: HTTPS trusting exactly the simulator's certificate. */
public final class RestClient implements AutoCloseable {
    public static final String VERSION = "2.36";
    private final WebClient web;
    private final String host;
    private final int port;
    private String version = VERSION;
    private String session;

    /** One answer: status, headers and the JSON body (null when empty). */
    public record Reply(int status, MultiMap headers, JsonObject body) {
        public JsonArray items() {
            return body.getJsonArray("items");
        }

        public JsonObject item(int i) {
            return items().getJsonObject(i);
        }

        public String firstError() {
            return body.getJsonArray("errors").getJsonObject(0).getString("message");
        }

        public String firstErrorContext() {
            return body.getJsonArray("errors").getJsonObject(0).getString("context");
        }
    }

    public RestClient(Vertx vertx, FlashArraySimulator sim, String array) {
        this.web = WebClient.create(vertx, new WebClientOptions()
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(sim.certificatePem())))
                .setVerifyHost(true)
                .setKeepAlive(true));
        String ep = sim.endpoint(array);
        this.host = ep.substring(0, ep.lastIndexOf(':'));
        this.port = Integer.parseInt(ep.substring(ep.lastIndexOf(':') + 1));
    }

    public RestClient version(String v) {
        this.version = v;
        return this;
    }

    public String session() {
        return session;
    }

    public RestClient session(String s) {
        this.session = s;
        return this;
    }

    public Reply login(String apiToken) {
        HttpRequest<Buffer> req = web.request(HttpMethod.POST, port, host, "/api/" + version + "/login");
        if (apiToken != null) {
            req.putHeader("api-token", apiToken);
        }
        Reply r = send(req, null);
        if (r.status() == 200) {
            session = r.headers().get("x-auth-token");
        }
        return r;
    }

    public Reply raw(HttpMethod method, String path, JsonObject body) {
        HttpRequest<Buffer> req = web.request(method, port, host, path);
        if (session != null) {
            req.putHeader("x-auth-token", session);
        }
        return send(req, body == null ? null : body.toBuffer());
    }

    public Reply rawBody(HttpMethod method, String path, String body) {
        HttpRequest<Buffer> req = web.request(method, port, host, path);
        if (session != null) {
            req.putHeader("x-auth-token", session);
        }
        req.putHeader("Content-Type", "application/json");
        return send(req, Buffer.buffer(body));
    }

    /** {@code pathAndQuery} is relative to {@code /api/<version>/}, e.g. {@code volumes?names=v1}. */
    public Reply get(String pathAndQuery) {
        return raw(HttpMethod.GET, "/api/" + version + "/" + pathAndQuery, null);
    }

    public Reply post(String pathAndQuery, JsonObject body) {
        return raw(HttpMethod.POST, "/api/" + version + "/" + pathAndQuery, body == null ? new JsonObject() : body);
    }

    public Reply patch(String pathAndQuery, JsonObject body) {
        return raw(HttpMethod.PATCH, "/api/" + version + "/" + pathAndQuery, body);
    }

    public Reply delete(String pathAndQuery) {
        return raw(HttpMethod.DELETE, "/api/" + version + "/" + pathAndQuery, null);
    }

    private static Reply send(HttpRequest<Buffer> req, Buffer body) {
        Future<HttpResponse<Buffer>> f = body == null ? req.send() : req.sendBuffer(body);
        try {
            HttpResponse<Buffer> r = f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            Buffer b = r.body();
            JsonObject json = b == null || b.length() == 0 ? null : b.toJsonObject();
            return new Reply(r.statusCode(), r.headers(), json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        web.close();
    }
}
