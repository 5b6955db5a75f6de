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

    /**
     * The REST 2.x error body. A 403 or 429 also carries the first message at the top level: those answers can come
     * from the array's API gateway, whose body is {@code {"message": …}}, and py-pure-client reads them that way
     * (its {@code _create_error_response}), while other clients read {@code errors[]}.
     */
    public JsonObject body() {
        JsonObject body = new JsonObject();
        if ((status == 403 || status == 429) && !errors.isEmpty()) {
            body.put("message", errors.getJsonObject(0).getString("message"));
        }
        return body.put("errors", errors);
    }
}
