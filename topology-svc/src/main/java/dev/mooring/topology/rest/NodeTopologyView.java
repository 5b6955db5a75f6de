package dev.mooring.topology.rest;

import dev.mooring.topology.domain.NodeTopology;
import dev.mooring.topology.repository.NodeRecord;
import dev.mooring.topology.repository.PxEnvReport;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One node's topology: each level's value and source, the conflicting inputs (a level they concern is left
 * unset), the px/* labels Mooring wrote on it, and the px_env values its agent reported.
 */
public record NodeTopologyView(String name, boolean ready, LevelView region, LevelView zone, LevelView rack,
                               List<String> conflicts, Map<String, String> labelsWrittenByMooring,
                               Map<String, String> pxEnv, OffsetDateTime pxEnvReportedAt,
                               OffsetDateTime observedAt, OffsetDateTime topologyChangedAt) {

    static NodeTopologyView of(NodeRecord record, PxEnvReport report, Map<String, String> labelsWritten) {
        NodeTopology topology = record.topology();
        return new NodeTopologyView(record.name, record.ready, LevelView.of(topology.region()),
                LevelView.of(topology.zone()), LevelView.of(topology.rack()), topology.conflicts(), labelsWritten,
                report == null ? Map.of() : report.values(), report == null ? null : report.reportedAt,
                record.observedAt, record.topologyChangedAt);
    }
}
