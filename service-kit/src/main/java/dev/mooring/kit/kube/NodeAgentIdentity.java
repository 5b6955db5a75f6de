package dev.mooring.kit.kube;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Which node a node agent runs on, from the ServiceAccount token of its pod: the Kubernetes API server reviews the
 * token (TokenReview) and answers whose it is and, since Kubernetes 1.30, the pod's node. Only a token of the agents'
 * ServiceAccount, for Mooring's audience, with a node, names one. Answers are kept for {@code cache-ttl} under the
 * token's digest (never the token), so an agent's calls cost one review a minute; a token the API server refuses is
 * remembered the same way, so a flood of bad tokens does not become a flood of reviews.
 */
@ApplicationScoped
public class NodeAgentIdentity {

    static final String NODE_NAME = "authentication.kubernetes.io/node-name";
    private static final Logger LOG = Logger.getLogger(NodeAgentIdentity.class);
    private static final int MAX_CACHED = 10_000;

    private record Answer(Optional<String> node, Instant until) {
    }

    @Inject
    NodeAgentsConfig config;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @Inject
    Clock clock;

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /** Whether node agents' tokens are accepted at all. */
    public boolean enabled() {
        return config.enabled();
    }

    /** The node of the agent whose token this is; empty for any token that is not a node agent's. */
    public Uni<Optional<String>> nodeOf(String token) {
        String key = digest(token);
        Answer cached = answers.get(key);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return Uni.createFrom().item(cached.node());
        }
        return Uni.createFrom().item(() -> review(token))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(node -> remember(key, node));
    }

    private Optional<String> review(String token) {
        TokenReview review = kubernetes.get().authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                .withNewSpec().withToken(token).withAudiences(config.audience()).endSpec().build());
        var status = review.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
            return Optional.empty();
        }
        String[] account = config.serviceAccount().split(":", 2);
        String expected = "system:serviceaccount:" + account[0] + ":" + (account.length > 1 ? account[1] : "");
        if (!expected.equals(status.getUser().getUsername())) {
            LOG.warnf("A token of %s was presented as a node agent's; only %s's are", status.getUser().getUsername(), expected);
            return Optional.empty();
        }
        List<String> nodes = Optional.ofNullable(status.getUser().getExtra()).map(extra -> extra.get(NODE_NAME))
                .orElse(List.of());
        if (nodes.size() != 1 || nodes.get(0).isBlank()) {
            LOG.warnf("The API server named no node for a token of %s: node agents need Kubernetes 1.30 or later"
                    + " (ServiceAccountTokenPodNodeInfo)", expected);
            return Optional.empty();
        }
        return Optional.of(nodes.get(0));
    }

    private void remember(String key, Optional<String> node) {
        if (answers.size() >= MAX_CACHED) {
            answers.clear();
        }
        answers.put(key, new Answer(node, clock.instant().plus(config.cacheTtl())));
    }

    private static String digest(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
