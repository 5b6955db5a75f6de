package dev.mooring.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The catalogue lives once in code and is described in docs/events.md; this keeps the two in step. */
class TopicCatalogueTest {

    private static final Path EVENTS_DOC = Path.of("..", "docs", "events.md");

    @Test
    void everyTopicAndEventIsDocumented() throws Exception {
        String doc = Files.readString(EVENTS_DOC);
        for (Topic topic : Topic.values()) {
            assertThat(doc).as("docs/events.md mentions topic %s", topic.topicName()).contains(topic.topicName());
        }
        for (var type : EventCatalog.eventTypes()) {
            assertThat(doc).as("docs/events.md mentions event %s", type.getSimpleName()).contains(type.getSimpleName());
        }
        assertThat(doc).contains(String.valueOf(Topic.DEFAULT_PARTITIONS));
    }

    @Test
    void eventsAreRoutedToTheirTopicAndDeadLettersArePerService() {
        assertThat(EventCatalog.topicOf(dev.mooring.events.volumes.VolumeRequested.class)).isEqualTo(Topic.VOLUMES);
        assertThat(Topic.byName("mooring.volumes")).isEqualTo(Topic.VOLUMES);
        assertThat(Topic.deadLetterTopic("provisioner-svc")).isEqualTo("mooring.dlq.provisioner-svc");
        assertThatThrownBy(() -> Topic.byName("mooring.nope")).hasMessageContaining("mooring.nope");
        assertThatThrownBy(() -> Topic.deadLetterTopic(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
