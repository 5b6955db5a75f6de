package dev.mooring.flasharray.sim.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** An HTTP error answer with FlashArray's {@code {"errors":[…]}} body. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final JsonArray errors;

    public ApiError(int status, JsonArray errors) {
        super(errors.isEmpty() ? "error" : errors.getJsonObject(0).getString("message"), null, false, false);
        this.status = status;
        this.errors = errors;
    }

    public static ApiError of(int status, String context, String message) {
        return new ApiError(status, new JsonArray().add(error(context, message)));
    }

    public static ApiError badRequest(String context, String message) {
        return of(400, context, message);
    }

    public static JsonObject error(String context, String message) {
        return new JsonObject().put("context", context).put("message", message);
    }

    public int status() {
        return status;
    }

    public JsonArray errors() {
        return errors;
    }

    public JsonObject body() {
        return new JsonObject().put("errors", errors);
    }
}
