package dev.mooring.kit.kafka;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fails the start when a service consumes a channel ({@code @Incoming}) that {@code mooring.kafka.consumes} does
 * not name: such a channel would get no catalogue settings and read a topic named like the channel, silently.
 */
@ApplicationScoped
public class ConsumedChannelsCheck {

    @Inject
    ChannelRegistry channels;

    /** Optional: a service that consumes no topic (topology-svc) leaves it unset or empty. */
    @ConfigProperty(name = ChannelConfig.CONSUMES)
    Optional<String> consumes;

    void check(@Observes StartupEvent event) {
        String named = consumes.orElse("");
        Set<String> declared = new TreeSet<>(ChannelConfig.consumed(named).stream()
                .map(dev.mooring.events.Topic::channel).toList());
        List<String> undeclared = channels.getIncomingNames().stream().filter(name -> !declared.contains(name))
                .sorted().toList();
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("Channels " + undeclared + " are consumed (@Incoming) but not named in "
                    + ChannelConfig.CONSUMES + " (now: '" + named + "'); add them there so they read their topic of"
                    + " the catalogue");
        }
    }
}
