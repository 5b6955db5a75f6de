package dev.mooring.kit.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.Producer;
import dev.mooring.kit.KitTestSupport;
import dev.mooring.events.volumes.VolumeDeleteRequested;
import org.junit.jupiter.api.Test;

/** An event is believed only from its type's producer and on its type's topic. */
class EventOriginTest {

    @Test
    void anEventFromItsProducerOnItsTopicIsBelieved() {
        VolumeDeleteRequested event = KitTestSupport.deleteRequested("vol-1");
        assertThat(EventOrigin.refusal(event, event.getEnvelope(), "mooring.volumes")).isEmpty();
    }

    @Test
    void anotherServiceClaimingToHaveEmittedItIsRefusedByName() {
        VolumeDeleteRequested event = KitTestSupport.deleteRequested("vol-1");
        event.getEnvelope().setSource(Producer.HEALTH.serviceName());
        assertThat(EventOrigin.refusal(event, event.getEnvelope(), "mooring.volumes")).hasValueSatisfying(reason ->
                assertThat(reason).isEqualTo("forged origin: VolumeDeleteRequested claims source 'health-svc', but only"
                        + " provisioner-svc emits VolumeDeleteRequested"));
    }

    @Test
    void theRightSourceOnAnotherTopicIsRefused() {
        VolumeDeleteRequested event = KitTestSupport.deleteRequested("vol-1");
        assertThat(EventOrigin.refusal(event, event.getEnvelope(), "mooring.nodes")).hasValue(
                "wrong topic: VolumeDeleteRequested arrived on mooring.nodes, but travels on mooring.volumes");
    }
}
