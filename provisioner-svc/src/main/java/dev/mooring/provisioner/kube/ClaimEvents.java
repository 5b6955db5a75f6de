package dev.mooring.provisioner.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on claims: where a user looks ({@code kubectl describe pvc}) to learn why a volume was
 * not made, was made, grew or was kept. Each Event is named from what caused it, so recording the same
 * cause again (a redelivered event, a resync) creates nothing new. Blocking: call off the event loop.
 */
@ApplicationScoped
public class ClaimEvents {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final Logger LOG = Logger.getLogger(ClaimEvents.class);
    private static final int MAX_MESSAGE = 1024;

    @Inject
    KubernetesClient kubernetes;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "provisioner-svc")
    String instance;

    /** The claim an Event is about. */
    public record Claim(String namespace, String name, String uid) {
    }

    /**
     * Records an Event on the claim once per {@code cause}.
     *
     * @param component who reports it: the provisioner name the claim's StorageClass uses
     */
    /** @return true when the Event was created now, false when this cause was recorded before */
    public boolean record(Claim claim, String type, String reason, String message, String cause, String component) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(claim.namespace())
                .withName(claim.name() + "." + digest(claim.uid() + "/" + reason + "/" + cause)).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("PersistentVolumeClaim")
                .withNamespace(claim.namespace()).withName(claim.name()).withUid(claim.uid()).endInvolvedObject()
                .withType(type).withReason(reason)
                .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message)
                .withNewSource().withComponent(component == null ? instance : component).endSource()
                .withReportingComponent(component == null ? instance : component).withReportingInstance(instance)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            kubernetes.v1().events().inNamespace(claim.namespace()).resource(event).create();
            LOG.debugf("claim=%s/%s event %s %s: %s", claim.namespace(), claim.name(), type, reason, message);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                // An Event is a courtesy to the user: never worth stopping the flow that reports it (the claim's
                // namespace may be gone, or Events not allowed); the log and the REST API still say it.
                LOG.warnf("claim=%s/%s could not record Event %s (%s): %s", claim.namespace(), claim.name(), reason,
                        e.getCode(), message);
            }
            return false;
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
