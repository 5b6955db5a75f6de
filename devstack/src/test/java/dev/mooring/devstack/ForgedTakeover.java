package dev.mooring.devstack;

import dev.mooring.events.EventEnvelope;
import dev.mooring.events.Topic;
import dev.mooring.events.nodes.NodeTakeoverDecided;
import dev.mooring.events.serde.EventCodec;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * "Fence this node and hand its drives to that one": a takeover decision health-svc never made, its envelope claiming
 * topology-svc as its source. topology-svc's credentials may write {@code mooring.nodes}, so the broker takes it from
 * them; every consumer dead-letters it as a forged origin (only health-svc decides takeovers).
 */
record ForgedTakeover(NodeTakeoverDecided event) {

    static ForgedTakeover of(String failedNode, String replacementNode) {
        return new ForgedTakeover(NodeTakeoverDecided.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                        .setSource("topology-svc").setCorrelationId("forged-" + UUID.randomUUID()).setKey(failedNode)
                        .build())
                .setTakeoverId(UUID.randomUUID().toString()).setFailedNode(failedNode).setReplacementNode(replacementNode)
                .setLastHeartbeatAt(Instant.now()).setDeadlineAt(Instant.now()).build());
    }

    String eventId() {
        return event.getEnvelope().getEventId().toString();
    }

    /** Sends it to {@code mooring.nodes} with these producer settings; throws what the broker answers (10 s at most). */
    void sendWith(Map<String, Object> producerSettings) throws Exception {
        try (var producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.NODES.topicName(), event.getFailedNode(),
                    EventCodec.instance().encode(event))).get(10, TimeUnit.SECONDS);
        }
    }
}
