package dev.mooring.flasharray.sim.api;

import io.vertx.core.json.JsonObject;

/** One item of a listing with its stable creation order ({@code seq}), which continuation tokens resume after. */
public record Row(long seq, JsonObject item) {
}
