package dev.mooring.flasharray.sim.api;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;

/** Query-parameter parsing: comma-separated lists in one parameter, booleans and numbers, 400 on bad input. */
public final class Params {
    private Params() {
    }

    /** {@code names=a,b} (and repeated parameters) as a list; null when absent. */
    public static List<String> list(MultiMap params, String name) {
        List<String> all = params.getAll(name);
        if (all == null || all.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String v : all) {
            for (String part : v.split(",")) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    public static boolean bool(String v, String name) {
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiError.badRequest(name, "Parameter " + name + " must be true or false.");
    }

    /** Null when absent. */
    public static Boolean optionalBool(MultiMap params, String name) {
        String v = params.get(name);
        return v == null || v.isEmpty() ? null : bool(v, name);
    }

    public static long nonNegativeLong(String v, String name) {
        try {
            long l = Long.parseLong(v.trim());
            if (l < 0) {
                throw new NumberFormatException();
            }
            return l;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, "Parameter " + name + " must be a non-negative integer.");
        }
    }
}
