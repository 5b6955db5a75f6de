package dev.mooring.flasharray.sim.api;

import dev.mooring.flasharray.sim.admin.FaultRegistry;
import dev.mooring.flasharray.sim.admin.FaultSpec;
import dev.mooring.flasharray.sim.api.model.ModelCatalog;
import dev.mooring.flasharray.sim.config.ApiToken;
import dev.mooring.flasharray.sim.config.RestVersions;
import dev.mooring.flasharray.sim.domain.DomainException;
import dev.mooring.flasharray.sim.domain.SimArray;
import dev.mooring.flasharray.sim.domain.SimulatedFleet;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The REST 2.x face of one simulated array: version negotiation, login and sessions, fault injection, the
 * endpoint table with the REST version each endpoint exists in, and error mapping. Endpoint bodies live in
 * {@link Endpoints}.
 */
public final class ArrayApi implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger(ArrayApi.class);
    static final String AUTH_HEADER = "x-auth-token";

    private final String arrayName;
    private final SimArray array;
    private final SimulatedFleet fleet;
    private final SessionStore sessions;
    private final FaultRegistry faults;
    private final Vertx vertx;
    private final Set<Integer> versions = new HashSet<>();
    private final Buffer apiVersionBody;
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private volatile boolean serving = true;

    /** What one call does. Returns the body of a 200 answer (null for an empty body). */
    @FunctionalInterface
    interface Op {
        JsonObject run(Call call);
    }

    /** One request as the endpoint sees it. */
    record Call(String array, int version, String method, MultiMap params, JsonObject body, SessionStore.Session session) {
    }

    private record Endpoint(int min, int max, Map<String, Op> ops) {
    }

    public ArrayApi(String arrayName, SimulatedFleet fleet, SessionStore sessions, FaultRegistry faults, Vertx vertx) {
        this.arrayName = arrayName;
        this.array = fleet.array(arrayName);
        this.fleet = fleet;
        this.sessions = sessions;
        this.faults = faults;
        this.vertx = vertx;
        List<String> expanded = RestVersions.expand(array.config().restVersions());
        for (String v : expanded) {
            versions.add(RestVersions.key(v));
        }
        this.apiVersionBody = new JsonObject().put("version", new JsonArray(expanded)).toBuffer();
        Endpoints e = new Endpoints(fleet, ModelCatalog.standard(), fleet.config().bindHost());
        int any = Integer.MAX_VALUE;
        register("volumes", v(2, 0), any, Map.of("GET", e::getVolumes, "POST", e::postVolumes, "PATCH", e::patchVolumes, "DELETE", e::deleteVolumes));
        register("hosts", v(2, 0), any, Map.of("GET", e::getHosts, "POST", e::postHosts, "PATCH", e::patchHosts, "DELETE", e::deleteHosts));
        register("host-groups", v(2, 0), any, Map.of("GET", e::getHostGroups, "POST", e::postHostGroups, "PATCH", e::patchHostGroups, "DELETE", e::deleteHostGroups));
        register("host-groups/hosts", v(2, 0), any, Map.of("GET", e::getHostGroupHosts, "POST", e::postHostGroupHosts, "DELETE", e::deleteHostGroupHosts));
        register("connections", v(2, 0), any, Map.of("GET", e::getConnections, "POST", e::postConnections, "DELETE", e::deleteConnections));
        register("pods", v(2, 1), any, Map.of("GET", e::getPods, "POST", e::postPods, "PATCH", e::patchPods, "DELETE", e::deletePods));
        // deprecated from 2.36 in favour of pods/members, but still served by every later version
        register("pods/arrays", v(2, 1), any, Map.of("GET", e::getPodArrays, "POST", e::postPodArrays, "DELETE", e::deletePodArrays));
        register("pods/members", v(2, 36), any, Map.of("GET", e::getPodMembers, "POST", e::postPodMembers, "DELETE", e::deletePodMembers));
        register("arrays", v(2, 2), any, Map.of("GET", e::getArrays));
        register("arrays/space", v(2, 2), any, Map.of("GET", e::getArraySpace));
        register("ports", v(2, 2), any, Map.of("GET", e::getPorts));
        register("controllers", v(2, 2), any, Map.of("GET", e::getControllers));
        register("network-interfaces", v(2, 4), any, Map.of("GET", e::getNetworkInterfaces));
        register("realms", v(2, 36), any, Map.of("GET", e::getRealms));
    }

    private static int v(int major, int minor) {
        return major * 10000 + minor;
    }

    private void register(String path, int min, int max, Map<String, Op> ops) {
        endpoints.put(path, new Endpoint(min, max, ops));
    }

    /** Stops answering (the array is going down); requests that still arrive get their connection closed. */
    public void setServing(boolean serving) {
        this.serving = serving;
    }

    private record Result(int status, Buffer body, String authToken, String nextToken) {
        Result(int status, Buffer body, String authToken) {
            this(status, body, authToken, null);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse resp = req.response();
        if (!serving) {
            req.connection().close();
            return;
        }
        String requestId = req.getHeader("X-Request-ID");
        resp.putHeader("X-Request-ID", requestId == null || requestId.isEmpty() ? UUID.randomUUID().toString() : requestId);
        String path = req.path();
        String endpoint;
        String version = null;
        if (path.equals("/api/api_version") || path.equals("/api/api_version/")) {
            endpoint = "api_version";
        } else if (path.startsWith("/api/") && path.indexOf('/', 5) > 5) {
            int slash = path.indexOf('/', 5);
            version = path.substring(5, slash);
            endpoint = path.substring(slash + 1);
            while (endpoint.endsWith("/")) {
                endpoint = endpoint.substring(0, endpoint.length() - 1);
            }
        } else {
            send(resp, notFound());
            return;
        }
        String method = req.method().name();
        FaultSpec fault = faults.fire(arrayName, method, endpoint);
        String ep = endpoint;
        String ver = version;
        if (fault != null && fault.latencyMs() > 0) {
            vertx.setTimer(fault.latencyMs(), t -> proceed(ctx, resp, method, ver, ep, fault));
        } else {
            proceed(ctx, resp, method, ver, ep, fault);
        }
    }

    private void proceed(RoutingContext ctx, HttpServerResponse resp, String method, String version, String endpoint, FaultSpec fault) {
        if (resp.closed()) {
            return;
        }
        if (fault != null && fault.status() != null && FaultSpec.BEFORE.equals(fault.phase())) {
            sendFault(resp, fault);
            return;
        }
        Result r = process(ctx, method, version, endpoint);
        if (fault != null && fault.status() != null) {
            sendFault(resp, fault);
            return;
        }
        send(resp, r);
    }

    private Result process(RoutingContext ctx, String method, String version, String endpoint) {
        HttpServerRequest req = ctx.request();
        try {
            if (endpoint.equals("api_version")) {
                if (!method.equals("GET")) {
                    return methodNotAllowed();
                }
                return new Result(200, apiVersionBody, null);
            }
            int ver;
            try {
                ver = RestVersions.key(version);
            } catch (IllegalArgumentException e) {
                return notFound();
            }
            if (ver / 10000 != 2 || !versions.contains(ver)) {
                return notFound();
            }
            if (endpoint.equals("login")) {
                if (!method.equals("POST")) {
                    return methodNotAllowed();
                }
                return login(req.getHeader("api-token"));
            }
            if (endpoint.equals("logout")) {
                if (!method.equals("POST")) {
                    return methodNotAllowed();
                }
                sessions.close(req.getHeader(AUTH_HEADER));
                return new Result(200, null, null);
            }
            Endpoint ep = endpoints.get(endpoint);
            if (ep == null || ver < ep.min || ver > ep.max) {
                return notFound();
            }
            SessionStore.Session session = sessions.touch(arrayName, req.getHeader(AUTH_HEADER));
            if (session == null) {
                return invalidSession();
            }
            Op op = ep.ops.get(method);
            if (op == null) {
                return methodNotAllowed();
            }
            if (!method.equals("GET") && ApiToken.READONLY.equals(session.role())) {
                return error(ApiError.of(403, endpoint, "Permission denied: user " + session.user() + " has the readonly role and cannot make changes."));
            }
            JsonObject body = null;
            if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
                body = parseBody(ctx);
            }
            Call call = new Call(arrayName, ver, method, req.params(), body, session);
            JsonObject out;
            synchronized (fleet) {
                fleet.sweep();
                out = op.run(call);
            }
            if (out != null && ver < v(2, 2)) {
                // list answers gained continuation_token (and paging by it) in 2.2
                out.remove("continuation_token");
            }
            String next = out == null ? null : out.getValue("continuation_token") instanceof String t ? t : null;
            return new Result(200, out == null ? null : out.toBuffer(), null, next);
        } catch (ApiError e) {
            return error(e);
        } catch (DomainException e) {
            return error(ApiError.badRequest(e.context(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "array=%s endpoint=%s method=%s: simulator error", arrayName, endpoint, method);
            return error(ApiError.of(500, null, "Internal simulator error: " + e));
        }
    }

    private static JsonObject parseBody(RoutingContext ctx) {
        io.vertx.ext.web.RequestBody rb = ctx.body();
        Buffer buf = rb == null ? null : rb.buffer();
        if (buf == null || buf.length() == 0) {
            return new JsonObject();
        }
        String text = buf.toString().trim();
        if (text.isEmpty()) {
            return new JsonObject();
        }
        Object parsed;
        try {
            parsed = io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ApiError.badRequest(null, "Malformed JSON in request body: " + firstLine(e.getMessage()));
        }
        if (parsed == null) {
            return new JsonObject();
        }
        if (!(parsed instanceof JsonObject o)) {
            throw ApiError.badRequest(null, "The request body must be a JSON object.");
        }
        return o;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private Result login(String apiToken) {
        if (apiToken != null) {
            for (ApiToken t : array.config().apiTokens()) {
                if (t.token().equalsIgnoreCase(apiToken.trim())) {
                    String session = sessions.open(arrayName, t.user(), t.role());
                    JsonObject body = new JsonObject().put("items", new JsonArray().add(new JsonObject().put("username", t.user())));
                    return new Result(200, body.toBuffer(), session);
                }
            }
        }
        return error(ApiError.of(401, null, "Invalid API token."));
    }

    private Result invalidSession() {
        JsonObject err = new JsonObject().put("message", "Invalid session.")
                .put("location_context", new JsonObject().put("name", arrayName).put("id", null).put("resource_type", "remote-arrays"));
        return new Result(401, new JsonObject().put("errors", new JsonArray().add(err)).toBuffer(), null);
    }

    private static Result notFound() {
        return error(ApiError.of(404, null, "Not found: no such path or REST version on this array."));
    }

    private static Result methodNotAllowed() {
        return error(ApiError.of(405, null, "Method not allowed."));
    }

    private static Result error(ApiError e) {
        return new Result(e.status(), e.body().toBuffer(), null);
    }

    private static void send(HttpServerResponse resp, Result r) {
        if (resp.closed() || resp.ended()) {
            return;
        }
        resp.setStatusCode(r.status);
        if (r.authToken != null) {
            resp.putHeader(AUTH_HEADER, r.authToken);
        }
        if (r.nextToken != null) {
            resp.putHeader("x-next-token", r.nextToken);
        }
        if (r.body == null) {
            resp.end();
        } else {
            resp.putHeader("Content-Type", "application/json");
            resp.end(r.body);
        }
    }

    private static void sendFault(HttpServerResponse resp, FaultSpec f) {
        if (resp.closed() || resp.ended()) {
            return;
        }
        int status = f.status();
        String msg = f.message() != null ? f.message() : switch (status) {
            case 429 -> "Too many requests.";
            case 500 -> "Server is busy";
            case 503 -> "Service unavailable.";
            default -> "Injected fault.";
        };
        if (status == 429) {
            resp.putHeader("X-RateLimit-Limit-second", "10");
            resp.putHeader("X-RateLimit-Limit-minute", "600");
            resp.putHeader("X-RateLimit-Remaining-second", "0");
            resp.putHeader("X-RateLimit-Remaining-minute", "0");
            resp.putHeader("Retry-After", "1");
            resp.putHeader("RateLimit-Reset", "1");
        }
        resp.setStatusCode(status);
        resp.putHeader("Content-Type", "application/json");
        resp.end(ApiError.of(status, null, msg).body().toBuffer());
    }
}
