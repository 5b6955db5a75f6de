package dev.mooring.agent.app;

import dev.mooring.agent.config.AgentConfig;
import dev.mooring.kit.security.TokenPolicy;
import dev.mooring.kit.security.WeakTokenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The services' rule for their tokens ({@link TokenPolicy}) applied to the one the agent presents: a token shorter
 * than 32 characters or copied from a sample stops the agent at start, and so does no token while a services URL is
 * set (every call would be refused). Messages name the setting, never the token. A ServiceAccount token file
 * ({@code mooring.agent.services.token-file}) needs no such check: the API server made it.
 */
final class ServicesTokenCheck {

    static final String SETTING = "mooring.agent.services.token";

    private ServicesTokenCheck() {
    }

    static void check(AgentConfig.Services services) {
        List<String> urls = new ArrayList<>();
        services.attachUrl().ifPresent(u -> urls.add("mooring.agent.services.attach-url"));
        services.healthUrl().ifPresent(u -> urls.add("mooring.agent.services.health-url"));
        services.topologyUrl().ifPresent(u -> urls.add("mooring.agent.services.topology-url"));
        if (services.tokenFile().isPresent()) {
            return; // the pod's ServiceAccount token: the API server's, not one an operator chose
        }
        check(services.strongTokenRequired(), services.token(), urls);
    }

    /**
     * @param urlSettings the services URL settings that are set (by name)
     * @throws WeakTokenException naming the setting and why, never the token
     */
    static void check(boolean required, Optional<String> token, List<String> urlSettings) {
        if (!required) {
            return;
        }
        if (token.isPresent()) {
            TokenPolicy.requireStrong(SETTING, token.get());
        } else if (!urlSettings.isEmpty()) {
            throw new WeakTokenException(SETTING + " is not set, but " + String.join(", ", urlSettings)
                    + " is: the services would refuse every call; " + TokenPolicy.HOW_TO_GENERATE);
        }
    }
}
