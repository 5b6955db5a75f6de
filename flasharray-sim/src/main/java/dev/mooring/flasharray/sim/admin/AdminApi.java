package dev.mooring.flasharray.sim.admin;

import dev.mooring.flasharray.sim.domain.ConnectionEvent;
import dev.mooring.flasharray.sim.domain.FleetState;
import dev.mooring.flasharray.sim.domain.PodStatus;
import dev.mooring.kit.security.BearerTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The admin HTTP API ({@code /admin/v1/…}): plain HTTP, JSON in and out, 400 naming the field on bad input. Every
 * request must carry {@code Authorization: Bearer <admin.token>}, checked in constant time; without it the answer is
 * 401, before anything else is looked at (an unknown path included).
 */
public final class AdminApi {
    private static final String BEARER = "Bearer ";

    private final AdminService admin;
    private final BearerTokens tokens;

    /** {@code token}: {@code admin.token}, which the configuration's validation requires to be strong. */
    public AdminApi(AdminService admin, String token) {
        this.admin = admin;
        this.tokens = new BearerTokens(token == null ? List.of() : List.of(token));
    }

    public Router router(Vertx vertx) {
        Router r = Router.router(vertx);
        r.route().handler(this::authenticate);
        r.route().handler(BodyHandler.create().setBodyLimit(1 << 20));
        r.get("/admin/v1/state").handler(sync(ctx -> stateJson(admin.state())));
        r.post("/admin/v1/links/:a/:b/cut").handler(sync(ctx -> {
            JsonObject body = body(ctx);
            Object m = body.getValue("mediatorReachable");
            if (m != null && !(m instanceof Boolean)) {
                throw new IllegalArgumentException("mediatorReachable: must be true or false");
            }
            if (m == null) {
                admin.cutLink(ctx.pathParam("a"), ctx.pathParam("b"));
            } else {
                admin.cutLink(ctx.pathParam("a"), ctx.pathParam("b"), (Boolean) m);
            }
            return stateJson(admin.state());
        }));
        r.post("/admin/v1/links/:a/:b/restore").handler(sync(ctx -> {
            admin.restoreLink(ctx.pathParam("a"), ctx.pathParam("b"));
            return stateJson(admin.state());
        }));
        r.post("/admin/v1/arrays/:name/down").handler(async(ctx -> admin.arrayDownAsync(ctx.pathParam("name"))));
        r.post("/admin/v1/arrays/:name/up").handler(async(ctx -> admin.arrayUpAsync(ctx.pathParam("name"))));
        r.post("/admin/v1/mediator/unreachable").handler(sync(ctx -> {
            admin.mediatorUnreachable(arrays(body(ctx)));
            return stateJson(admin.state());
        }));
        r.post("/admin/v1/mediator/reachable").handler(sync(ctx -> {
            admin.mediatorReachable(arrays(body(ctx)));
            return stateJson(admin.state());
        }));
        r.post("/admin/v1/faults").handler(sync(ctx -> new JsonObject().put("id", admin.addFault(fault(body(ctx))))));
        r.get("/admin/v1/faults").handler(sync(ctx -> {
            JsonArray items = new JsonArray();
            admin.faults().forEach(f -> items.add(faultJson(f)));
            JsonObject fired = new JsonObject();
            admin.faultsFired().forEach(fired::put);
            return new JsonObject().put("items", items).put("fired", fired);
        }));
        r.delete("/admin/v1/faults/:id").handler(sync(ctx -> {
            if (!admin.removeFault(ctx.pathParam("id"))) {
                throw new IllegalArgumentException("id: no fault with id " + ctx.pathParam("id"));
            }
            return new JsonObject().put("removed", ctx.pathParam("id"));
        }));
        r.delete("/admin/v1/faults").handler(sync(ctx -> {
            admin.clearFaults();
            return new JsonObject().put("removed", "all");
        }));
        r.delete("/admin/v1/arrays/:name/connections").handler(sync(ctx -> {
            admin.removeConnection(ctx.pathParam("name"), ctx.request().getParam("host_names"), ctx.request().getParam("volume_names"));
            return new JsonObject().put("removed", true);
        }));
        r.put("/admin/v1/arrays/:name/volumes/:volume/written").handler(sync(ctx -> {
            JsonObject b = body(ctx);
            Object bytes = b.getValue("bytes");
            if (!(bytes instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException("bytes: required, a whole number of bytes");
            }
            admin.setWrittenBytes(ctx.pathParam("name"), ctx.pathParam("volume"), n.longValue());
            return new JsonObject().put("array", ctx.pathParam("name")).put("volume", ctx.pathParam("volume")).put("bytes", n.longValue());
        }));
        r.get("/admin/v1/connection-history").handler(sync(ctx -> {
            String after = ctx.request().getParam("after");
            long afterSeq = 0;
            if (after != null && !after.isEmpty()) {
                try {
                    afterSeq = Long.parseLong(after);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("after: must be a sequence number");
                }
            }
            List<ConnectionEvent> events = admin.connectionHistory(empty(ctx.request().getParam("array")),
                    empty(ctx.request().getParam("host")), empty(ctx.request().getParam("volume")), afterSeq);
            JsonArray items = new JsonArray();
            events.forEach(e -> items.add(eventJson(e)));
            return new JsonObject().put("items", items);
        }));
        r.post("/admin/v1/sessions/expire").handler(sync(ctx -> {
            Object a = body(ctx).getValue("array");
            if (a != null && !(a instanceof String)) {
                throw new IllegalArgumentException("array: must be an array name");
            }
            return new JsonObject().put("expired", admin.expireSessions((String) a));
        }));
        r.route().last().handler(ctx -> send(ctx.response(), 404, new JsonObject().put("error", "no such admin endpoint: "
                + ctx.request().method() + " " + ctx.request().path())));
        return r;
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            unauthorized(ctx, "a bearer token is required: send 'Authorization: Bearer <admin.token>'");
        } else if (!tokens.accepts(header.substring(BEARER.length()).trim())) {
            unauthorized(ctx, "the bearer token is not valid");
        } else {
            ctx.next();
        }
    }

    private static void unauthorized(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"flasharray-sim-admin\"");
        send(ctx.response(), 401, new JsonObject().put("error", message));
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static io.vertx.core.Handler<RoutingContext> sync(Function<RoutingContext, JsonObject> f) {
        return ctx -> {
            try {
                send(ctx.response(), 200, f.apply(ctx));
            } catch (IllegalArgumentException e) {
                send(ctx.response(), 400, badInput(e.getMessage()));
            } catch (RuntimeException e) {
                send(ctx.response(), 500, new JsonObject().put("error", String.valueOf(e)));
            }
        };
    }

    private io.vertx.core.Handler<RoutingContext> async(Function<RoutingContext, Future<Void>> f) {
        return ctx -> {
            Future<Void> fut;
            try {
                fut = f.apply(ctx);
            } catch (IllegalArgumentException e) {
                send(ctx.response(), 400, badInput(e.getMessage()));
                return;
            }
            fut.onSuccess(v -> send(ctx.response(), 200, stateJson(admin.state())))
                    .onFailure(e -> send(ctx.response(), 500, new JsonObject().put("error", String.valueOf(e))));
        };
    }

    private static JsonObject badInput(String message) {
        String field = null;
        if (message != null) {
            int colon = message.indexOf(':');
            if (colon > 0 && message.substring(0, colon).matches("[A-Za-z_.\\[\\]0-9]+")) {
                field = message.substring(0, colon);
            }
        }
        return new JsonObject().put("error", message).put("field", field);
    }

    private static void send(HttpServerResponse resp, int status, JsonObject body) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }

    private static JsonObject body(RoutingContext ctx) {
        Buffer b = ctx.body() == null ? null : ctx.body().buffer();
        if (b == null || b.length() == 0 || b.toString().isBlank()) {
            return new JsonObject();
        }
        try {
            Object v = io.vertx.core.json.Json.decodeValue(b);
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw new IllegalArgumentException("body: malformed JSON");
        }
        throw new IllegalArgumentException("body: must be a JSON object");
    }

    private static String[] arrays(JsonObject body) {
        Object a = body.getValue("arrays");
        if (a == null) {
            return new String[0];
        }
        if (!(a instanceof JsonArray arr)) {
            throw new IllegalArgumentException("arrays: must be a list of array names");
        }
        List<String> out = new ArrayList<>();
        for (Object o : arr) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("arrays: must be a list of array names");
            }
            out.add(s);
        }
        return out.toArray(String[]::new);
    }

    static FaultSpec fault(JsonObject b) {
        return new FaultSpec(null, str(b, "array"), str(b, "method"), str(b, "endpoint"), integer(b, "status"),
                integer(b, "count"), dbl(b, "rate"), b.getValue("latencyMs") == null ? 0 : integer(b, "latencyMs"),
                str(b, "phase"), str(b, "message"), b.getValue("seed") == null ? null : (long) integer(b, "seed"));
    }

    private static String str(JsonObject b, String k) {
        Object v = b.getValue(k);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(k + ": must be a string");
    }

    private static Integer integer(JsonObject b, String k) {
        Object v = b.getValue(k);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException(k + ": must be a whole number");
    }

    private static Double dbl(JsonObject b, String k) {
        Object v = b.getValue(k);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(k + ": must be a number");
    }

    static JsonObject faultJson(FaultSpec f) {
        return new JsonObject().put("id", f.id()).put("array", f.array()).put("method", f.method()).put("endpoint", f.endpoint())
                .put("status", f.status()).put("count", f.count()).put("rate", f.rate()).put("latencyMs", f.latencyMs())
                .put("phase", f.phase()).put("message", f.message()).put("seed", f.seed());
    }

    static JsonObject eventJson(ConnectionEvent e) {
        return new JsonObject().put("seq", e.seq()).put("at", Instant.ofEpochMilli(e.atMillis()).toString()).put("atMillis", e.atMillis())
                .put("array", e.array()).put("host", e.host()).put("hostGroup", e.hostGroup()).put("volume", e.volume())
                .put("volumeId", e.volumeId()).put("lun", e.lun()).put("action", e.action()).put("cause", e.cause());
    }

    static JsonObject stateJson(FleetState s) {
        JsonArray arrays = new JsonArray();
        s.arrays().forEach(a -> arrays.add(new JsonObject().put("name", a.name()).put("id", a.id()).put("up", a.up()).put("port", a.port())));
        JsonArray links = new JsonArray();
        s.links().forEach(l -> links.add(new JsonObject().put("arrays", new JsonArray(l.arrays())).put("state", l.state())
                .put("changedAt", l.changedAt())));
        JsonObject reach = new JsonObject();
        s.mediator().reachable().forEach(reach::put);
        JsonArray pods = new JsonArray();
        for (FleetState.PodState p : s.pods()) {
            JsonArray st = new JsonArray();
            for (PodStatus ps : p.status()) {
                st.add(new JsonObject().put("array", ps.arrayName()).put("status", ps.status()).put("mediatorStatus", ps.mediatorStatus())
                        .put("preElected", ps.preElected()).put("frozenAt", ps.frozenAt()).put("progress", ps.progress()));
            }
            pods.add(new JsonObject().put("name", p.name()).put("id", p.id()).put("arrays", new JsonArray(p.arrays()))
                    .put("failoverPreferences", new JsonArray(p.failoverPreferences())).put("preElected", p.preElected())
                    .put("destroyed", p.destroyed()).put("status", st));
        }
        return new JsonObject().put("arrays", arrays).put("links", links)
                .put("mediator", new JsonObject().put("name", s.mediator().name()).put("reachable", reach)).put("pods", pods);
    }
}
