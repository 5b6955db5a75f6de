package dev.mooring.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.events.Topic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {

    @Test
    void eachConsumedTopicGetsItsChannelInTheServicesGroupWithItsDeadLetterTopic() {
        Map<String, String> settings = ChannelConfig.settings("attach-svc", ChannelConfig.consumed("volumes, nodes"));

        assertThat(settings).containsEntry("mp.messaging.incoming.volumes.topic", "mooring.volumes")
                .containsEntry("mp.messaging.incoming.nodes.topic", "mooring.nodes")
                .containsEntry("mp.messaging.incoming.volumes.group.id", "attach-svc")
                .containsEntry("mp.messaging.incoming.volumes.auto.offset.reset", "earliest")
                .containsEntry("mp.messaging.incoming.volumes.session.timeout.ms", "15000")
                // A paused consumer resumes when its poll returns: 100 ms, not SmallRye's 1 s, is the most an event waits.
                .containsEntry("mp.messaging.incoming.volumes.poll-timeout", "100")
                .containsEntry("mp.messaging.incoming.nodes.dead-letter-queue.topic", "mooring.dlq.attach-svc");
        assertThat(settings.keySet()).noneMatch(key -> key.startsWith("mp.messaging.incoming.pools."));
        assertThat(settings.keySet()).noneMatch(key -> key.endsWith(".connector"));
    }

    @Test
    void everyTopicOfTheCatalogueHasAChannelNamedAfterIt() {
        assertThat(ChannelConfig.consumed("arrays,nodes,pools,volumes,attachments")).containsExactly(Topic.ARRAYS,
                Topic.NODES, Topic.POOLS, Topic.VOLUMES, Topic.ATTACHMENTS);
        assertThat(ChannelConfig.consumed(" ")).isEqualTo(List.of());
    }

    @Test
    void aChannelThatIsNotInTheCatalogueIsRefusedByName() {
        assertThatThrownBy(() -> ChannelConfig.consumed("volumes,volume"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mooring.kafka.consumes: 'volume' is not a topic of the catalogue");
    }
}
