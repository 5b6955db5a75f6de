package dev.mooring.kit.rest;

import dev.mooring.kit.security.TokenPolicy;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a service whose {@code /api/*} would be guarded by no token (every call refused) or by a weak one
 * ({@link TokenPolicy}: shorter than 32 characters, or a sample value). On in every profile but dev and test, which
 * set {@code mooring.api.strong-tokens-required=false} for their well-known tokens.
 */
@ApplicationScoped
public class ApiTokensAtStart {

    static final String SETTING = "mooring.api.tokens";

    /** The administrators' bearer tokens accepted on {@code /api/*}, comma-separated (two during a rotation). */
    @ConfigProperty(name = SETTING)
    Optional<List<String>> tokens;

    /** Refuse to start without a token, or with one shorter than 32 characters or a sample's; off only in dev and test. */
    @ConfigProperty(name = "mooring.api.strong-tokens-required", defaultValue = "true")
    boolean required;

    // Before everything else starts (database bootstrap, topics, consumers): a refused service does nothing at all.
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) StartupEvent event) {
        check(required, tokens.orElse(List.of()));
    }

    /**
     * The rule itself: when {@code required}, at least one token and each strong.
     *
     * @throws dev.mooring.kit.security.WeakTokenException naming the setting and the entry, never a token
     */
    static void check(boolean required, List<String> tokens) {
        if (required) {
            TokenPolicy.requireStrong(SETTING, tokens);
        }
    }
}
