package dev.mooring.topology.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A stored px_env report: the topology keys kept, the names of the keys dropped, and where to see the result. */
public record PxEnvReportView(String node, Map<String, String> pxEnv, List<String> ignoredKeys,
                              OffsetDateTime reportedAt, String topology) {
}
