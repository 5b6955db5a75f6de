package dev.mooring.agent.kube;

import dev.mooring.agent.domain.Drift;
import dev.mooring.agent.service.DriftReporter;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reports each drift where people look: a Kubernetes Event on the Node (reason per kind, Warning unless remedied)
 * and the counter {@code mooring_agent_drifts_total{kind,remedied}}.
 */
public final class KubeDriftReporter implements DriftReporter {

    private static final Logger LOG = Logger.getLogger(KubeDriftReporter.class);

    private final KubernetesClient kube;
    private final MeterRegistry meters;
    private final String node;
    private final String namespace;

    public KubeDriftReporter(KubernetesClient kube, MeterRegistry meters, String node, String namespace) {
        this.kube = kube;
        this.meters = meters;
        this.node = node;
        this.namespace = namespace;
    }

    @Override
    public void report(Drift drift, boolean remedied, String outcome) {
        meters.counter("mooring.agent.drifts", "kind", drift.kind().name().toLowerCase(Locale.ROOT),
                "remedied", Boolean.toString(remedied)).increment();
        String message = drift.subject() + ": " + drift.detail() + " — " + outcome;
        LOG.infof("node=%s drift %s %s", node, drift.kind(), message);
        String now = Instant.now().toString();
        try {
            kube.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withName(node + "." + UUID.randomUUID().toString().substring(0, 13))
                    .withNamespace(namespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Node")
                            .withName(node).build())
                    .withType(remedied ? "Normal" : "Warning").withReason(drift.reason())
                    .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                    .withNewSource().withComponent("mooring-node-agent").withHost(node).endSource()
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build()).create();
        } catch (RuntimeException e) {
            LOG.warnf("node=%s could not record the Event for %s: %s", node, drift.kind(), e.getMessage());
        }
    }
}
