package dev.mooring.flasharray.sim.api;

import io.vertx.core.json.JsonObject;

/**
 * The {@code space} objects, derived from the two things the simulator knows: bytes written (set through the admin
 * API) and bytes provisioned. No compression, deduplication, snapshots or metadata is simulated, so physical space
 * equals written space, {@code data_reduction} is 1, {@code snapshots} is 0; what cannot be derived is null
 * ({@code system}, the deprecated {@code *_effective} members, which real arrays also return as null).
 * Each method puts every member its model has had in any version; the {@code Shaper} keeps those of the asked version.
 */
final class SpaceFigures {
    private SpaceFigures() {
    }

    private static JsonObject common(long written, long provisioned) {
        return new JsonObject()
                .put("data_reduction", 1.0)
                .put("snapshots", 0L)
                .put("system", null)
                // share of provisioned sectors holding no written data; undefined without provisioned space
                .put("thin_provisioning", provisioned == 0 ? null : Math.max(0.0, 1.0 - (double) written / provisioned))
                .put("total_provisioned", provisioned)
                // provisioned per physical byte (data reduction 1 times thin provisioning); undefined before any write
                .put("total_reduction", written == 0 ? null : (double) provisioned / written)
                .put("total_used", written)
                .put("unique", written)
                .put("virtual", written);
    }

    /** One volume: shared space is not attributed to single volumes; not a container, so no footprint. */
    static JsonObject volume(long written, long provisioned) {
        return common(written, provisioned)
                .put("shared", null)
                .put("total_physical", written)
                .put("used_provisioned", null)
                .put("footprint", null)
                .put("snapshots_effective", null)
                .put("unique_effective", null)
                .put("total_effective", null);
    }

    /** A host or host group: the sum over the volumes connected to it. */
    static JsonObject connected(long written, long provisioned) {
        return common(written, provisioned)
                .put("shared", null)
                .put("total_physical", written)
                .put("used_provisioned", null)
                .put("footprint", null);
    }

    /**
     * A pod: a container, so {@code used_provisioned} (what counts against its quota: the live volumes' sizes) and
     * {@code footprint} (its data on one array) are known; synchronous replication leaves no replication backlog.
     */
    static JsonObject pod(long written, long provisionedLive) {
        return common(written, provisionedLive)
                .put("shared", 0L)
                .put("total_physical", written)
                .put("used_provisioned", provisionedLive)
                .put("footprint", written)
                .put("replication", 0L)
                .put("replication_effective", null)
                .put("shared_effective", null);
    }

    /** A whole array: every volume stored on it; no pod has a replication backlog. */
    static JsonObject array(long written, long provisioned) {
        return common(written, provisioned)
                .put("shared", 0L)
                .put("total_physical", written)
                .put("used_provisioned", null)
                .put("footprint", null)
                .put("replication", 0L)
                .put("shared_effective", null)
                .put("snapshots_effective", null)
                .put("unique_effective", null)
                .put("total_effective", null);
    }

    /** A realm: a container like a pod, without the deprecated members. */
    static JsonObject realm(long written, long provisionedLive) {
        return common(written, provisionedLive)
                .put("shared", 0L)
                .put("used_provisioned", provisionedLive)
                .put("footprint", written);
    }
}
