package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mooring.flasharray.client.model.QoS;
import dev.mooring.flasharray.client.request.HostCreate;
import dev.mooring.flasharray.client.request.Initiators;
import dev.mooring.flasharray.client.request.PodPatch;
import dev.mooring.flasharray.client.request.VolumeCreate;
import org.junit.jupiter.api.Test;

class RequestsTest {

    @Test
    void volumeCreate() {
        VolumeCreate v = VolumeCreate.of("pvc-1", 1L << 30).inPod("pod1").withQos(QoS.iops(1000));
        assertThat(v.qualifiedName()).isEqualTo("pod1::pvc-1");
        assertThat(VolumeCreate.of("pod1::pvc-1", 512).qualifiedName()).isEqualTo("pod1::pvc-1");
        assertThatThrownBy(() -> VolumeCreate.of("v", 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VolumeCreate.of("v", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VolumeCreate.of("v", VolumeCreate.MAX_SIZE + 512)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VolumeCreate.of("bad_name", 512)).isInstanceOf(IllegalArgumentException.class);
        assertThat(VolumeCreate.of("v", VolumeCreate.MAX_SIZE).provisioned()).isEqualTo(VolumeCreate.MAX_SIZE);
    }

    @Test
    void qosRanges() {
        assertThatThrownBy(() -> QoS.iops(99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QoS.iops(100_000_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QoS.bandwidth(1_048_575)).isInstanceOf(IllegalArgumentException.class);
        assertThat(QoS.limits(null, null).isUnlimited()).isTrue();
    }

    @Test
    void initiatorsNormaliseWwns() {
        assertThat(Initiators.wwns("21:00:00:24:ff:3a:4f:1c").wwns()).containsExactly("21000024FF3A4F1C");
        assertThatThrownBy(() -> Initiators.wwns("21:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Initiators.iqns("iqn with space")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Initiators.none().isEmpty()).isTrue();
        HostCreate h = HostCreate.named("node1").withIqns("iqn.a").withWwns("2100F4C7AA002706");
        assertThat(h.initiators().iqns()).containsExactly("iqn.a");
        assertThat(h.initiators().wwns()).containsExactly("2100F4C7AA002706");
        assertThat(h.initiators().nqns()).isNull();
    }

    @Test
    void podPatch() {
        assertThat(PodPatch.empty().isEmpty()).isTrue();
        assertThat(PodPatch.empty().withMediator("m").withFailoverPreferences("a").failoverPreferences()).containsExactly("a");
    }
}
