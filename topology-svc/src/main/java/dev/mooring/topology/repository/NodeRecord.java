package dev.mooring.topology.repository;

import dev.mooring.topology.domain.LevelValue;
import dev.mooring.topology.domain.NodeTopology;
import dev.mooring.topology.domain.ObservedNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A node as topology-svc last reported it: its observation and its derived topology. */
@Entity
@Table(name = "node")
public class NodeRecord extends PanacheEntityBase {

    @Id
    public String name;

    @Column(nullable = false)
    public boolean removed;

    @Column(nullable = false)
    public String labels = "{}";

    @Column(name = "iscsi_iqns", nullable = false)
    public String iscsiIqns = "";

    @Column(name = "fc_wwns", nullable = false)
    public String fcWwns = "";

    @Column(nullable = false)
    public boolean ready;

    @Column(name = "observed_at", nullable = false)
    public OffsetDateTime observedAt;

    /** Whether {@code NodeTopologyAssigned} was emitted for the topology below (false again after removal). */
    @Column(name = "topology_assigned", nullable = false)
    public boolean topologyAssigned;

    public String region;

    @Column(name = "region_source")
    public String regionSource;

    public String zone;

    @Column(name = "zone_source")
    public String zoneSource;

    public String rack;

    @Column(name = "rack_source")
    public String rackSource;

    @Column(nullable = false)
    public String conflicts = "[]";

    @Column(name = "conflicts_reported", nullable = false)
    public String conflictsReported = "[]";

    @Column(name = "topology_changed_at")
    public OffsetDateTime topologyChangedAt;

    @Version
    public long version;

    public ObservedNode observed() {
        return new ObservedNode(name, Json.toMap(labels), split(iscsiIqns), split(fcWwns), ready);
    }

    public void observed(ObservedNode node) {
        labels = Json.ofMap(node.labels());
        iscsiIqns = String.join(",", node.iscsiIqns());
        fcWwns = String.join(",", node.fcWwns());
        ready = node.ready();
    }

    public NodeTopology topology() {
        return new NodeTopology(level(region, regionSource), level(zone, zoneSource), level(rack, rackSource),
                Json.toList(conflicts));
    }

    public void topology(NodeTopology topology) {
        region = topology.region().value();
        regionSource = topology.region().source();
        zone = topology.zone().value();
        zoneSource = topology.zone().source();
        rack = topology.rack().value();
        rackSource = topology.rack().source();
        conflicts = Json.ofList(topology.conflicts());
    }

    public List<String> conflictsReported() {
        return Json.toList(conflictsReported);
    }

    public void conflictsReported(List<String> reported) {
        conflictsReported = Json.ofList(reported);
    }

    private static LevelValue level(String value, String source) {
        return value == null ? LevelValue.unset() : new LevelValue(value, source);
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }
}
