package dev.mooring.topology.repository;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Map;

/** The topology keys a node last reported from its /etc/pwx/px_env. */
@Entity
@Table(name = "node_px_env")
public class PxEnvReport extends PanacheEntityBase {

    @Id
    @Column(name = "node_name")
    public String nodeName;

    @Column(nullable = false)
    public String env = "{}";

    @Column(name = "reported_at", nullable = false)
    public OffsetDateTime reportedAt;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    public Map<String, String> values() {
        return Json.toMap(env);
    }

    public void values(Map<String, String> values) {
        env = Json.ofMap(values);
    }
}
