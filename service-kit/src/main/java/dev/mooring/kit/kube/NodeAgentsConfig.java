package dev.mooring.kit.kube;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code mooring.api.node-agents.*}: node agents proving their node with their pod's ServiceAccount token. */
@ConfigMapping(prefix = "mooring.api.node-agents")
public interface NodeAgentsConfig {

    /**
     * Accept node agents' ServiceAccount tokens, checked with the Kubernetes TokenReview API (needs Kubernetes 1.30+,
     * which names the pod's node in the review, and the right to create tokenreviews).
     */
    @WithDefault("false")
    boolean enabled();

    /** The agents' ServiceAccount as {@code <namespace>:<name>}: a token of any other account is no agent's. */
    @WithDefault("mooring:mooring-node-agent")
    String serviceAccount();

    /** The audience the agents' projected tokens are issued for: a token meant for anything else is refused. */
    @WithDefault("mooring")
    String audience();

    /** How long a review's answer is reused for the same token before the API server is asked again. */
    @WithDefault("60s")
    Duration cacheTtl();
}
