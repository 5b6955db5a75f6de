package dev.mooring.attach.repository;

import dev.mooring.attach.domain.InitiatorSource;
import dev.mooring.attach.domain.NodeInitiators;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/** A node's initiators as annotated and as reported by its agent, and the effective ones. */
@Entity
@Table(name = "node_initiators")
public class NodeInitiatorsRecord extends PanacheEntityBase {

    @Id
    @Column(name = "node_name")
    public String nodeName;

    @Column(name = "annotation_iqns", nullable = false)
    public String annotationIqns = "";

    @Column(name = "annotation_wwns", nullable = false)
    public String annotationWwns = "";

    /** Annotation values that could not be used, to show the operator. */
    @Column(name = "annotation_problems")
    public String annotationProblems;

    @Column(name = "agent_iqns", nullable = false)
    public String agentIqns = "";

    @Column(name = "agent_wwns", nullable = false)
    public String agentWwns = "";

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InitiatorSource source = InitiatorSource.None;

    @Column(nullable = false)
    public String iqns = "";

    @Column(nullable = false)
    public String wwns = "";

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** Annotations and agent reports update this row concurrently; the later writer retries. */
    @jakarta.persistence.Version
    public long version;

    public NodeInitiators fromAnnotations() {
        return new NodeInitiators(Csv.list(annotationIqns), Csv.list(annotationWwns));
    }

    public NodeInitiators fromAgent() {
        return new NodeInitiators(Csv.list(agentIqns), Csv.list(agentWwns));
    }

    public NodeInitiators effective() {
        return new NodeInitiators(Csv.list(iqns), Csv.list(wwns));
    }

    /** Recomputes the effective initiators; true when they changed. */
    public boolean recompute() {
        NodeInitiators before = effective();
        source = InitiatorSource.effective(fromAnnotations(), fromAgent());
        NodeInitiators now = switch (source) {
            case Annotation -> fromAnnotations();
            case Agent -> fromAgent();
            case None -> NodeInitiators.none();
        };
        iqns = Csv.join(now.iqns());
        wwns = Csv.join(now.wwns());
        return !before.equals(now);
    }

    public List<String> problems() {
        return Csv.list(annotationProblems, "; ");
    }
}
