package dev.mooring.kit.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one recorder of Kubernetes Events — the outcomes a user looks for with {@code kubectl describe} on a PVC or a
 * Node. An Event is recorded in the transaction of the outcome it reports and written to the API server by
 * {@link KubeEventRelay} once that transaction committed: a rolled-back outcome never shows, a committed one is not
 * lost to a crash.
 *
 * <p>One rule for repeats: an Event's name is derived from its object, reason and {@code occurrence} (what makes
 * this one distinct: an outage, a cause, a set of conflicts). Recording the same occurrence again — a redelivered
 * event, a resync — creates nothing new; it refreshes the existing Event's last time and message.
 */
@ApplicationScoped
public class KubeEvents {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final int MAX_MESSAGE = 1024;

    @Inject
    KubeEventsConfig config;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "mooring")
    String service;

    /** The object an Event is about. {@code namespace} is null for cluster-scoped kinds (Node). */
    public record Subject(String apiVersion, String kind, String namespace, String name, String uid) {

        /**
         * A Node; without its uid, the node's name stands for it, as the kubelet records its Events — and
         * {@code kubectl describe node} looks for both, so the Event shows there either way.
         */
        public static Subject node(String name, String uid) {
            return new Subject("v1", "Node", null, name, uid == null || uid.isBlank() ? name : uid);
        }

        public static Subject claim(String namespace, String name, String uid) {
            return new Subject("v1", "PersistentVolumeClaim", namespace, name, uid);
        }
    }

    /**
     * What to tell: {@code type} {@link #NORMAL} or {@link #WARNING}, a CamelCase {@code reason}, a message that says
     * what to do, the {@code occurrence} that identifies it, and who reports it ({@code null}: this service).
     */
    public record Notice(Subject subject, String type, String reason, String message, String occurrence,
                         String component) {

        public Notice(Subject subject, String type, String reason, String message, String occurrence) {
            this(subject, type, reason, message, occurrence, null);
        }
    }

    /** Records {@code notice} in the ongoing transaction; it reaches the API server after the commit. */
    public Uni<Void> record(Notice notice) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        Event event = toEvent(notice);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO kit_kube_events (namespace, name, body) VALUES (:namespace, :name, :body)")
                .setParameter("namespace", event.getMetadata().getNamespace())
                .setParameter("name", event.getMetadata().getName())
                .setParameter("body", Serialization.asJson(event))
                .executeUpdate()
                .replaceWithVoid());
    }

    /** Records {@code notice} from outside a transaction (a watcher, a REST refusal), in a transaction of its own. */
    public Uni<Void> recordAlone(Notice notice) {
        return Panache.withTransaction(() -> record(notice));
    }

    Event toEvent(Notice notice) {
        Subject subject = notice.subject();
        String namespace = subject.namespace() != null ? subject.namespace() : config.clusterScopedNamespace();
        String component = notice.component() != null ? notice.component() : service;
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        String message = notice.message().length() > MAX_MESSAGE
                ? notice.message().substring(0, MAX_MESSAGE - 1) + "…" : notice.message();
        return new EventBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name(notice)).endMetadata()
                .withNewInvolvedObject().withApiVersion(subject.apiVersion()).withKind(subject.kind())
                .withNamespace(subject.namespace()).withName(subject.name()).withUid(subject.uid())
                .endInvolvedObject()
                .withType(notice.type()).withReason(notice.reason()).withMessage(message)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component).withReportingInstance(service)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
    }

    /** {@code <object>.<16 hex>}: valid, stable for the same object, reason and occurrence. */
    static String name(Notice notice) {
        Subject subject = notice.subject();
        // An Event's name must be a DNS subdomain; an object named otherwise (a FlashArray "FA-01") is lowered.
        String lowered = subject.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        String object = lowered.length() > 200 ? lowered.substring(0, 200).replaceAll("[.-]+$", "") : lowered;
        String identity = subject.kind() + "/" + subject.namespace() + "/" + subject.name() + "/"
                + (subject.uid() == null ? "" : subject.uid()) + "\n" + notice.reason() + "\n" + notice.occurrence();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return object + "." + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
