package dev.mooring.flasharray.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.error.FlashArrayUnsupportedException;
import dev.mooring.flasharray.client.model.Array;
import dev.mooring.flasharray.client.model.ArraySpace;
import dev.mooring.flasharray.client.model.Controller;
import dev.mooring.flasharray.client.model.NetworkInterface;
import dev.mooring.flasharray.client.model.Port;
import dev.mooring.flasharray.client.model.Realm;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Array identity, capacity, ports, interfaces, controllers and realms through the client. */
class ArrayInfoIT extends SimulatorSupport {

    @BeforeAll
    static void start() {
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod().withArray(A, a -> a.withRealms("tenant1")));
    }

    @Test
    void arrayIdentityAndCapacity() {
        FlashArrayClient fa = client(A);
        Array array = await(fa.arrays().get());
        assertThat(array.name()).isEqualTo(A);
        assertThat(array.id()).isEqualTo(sim.config().array(A).id());
        assertThat(array.os()).isEqualTo("Purity//FA");
        assertThat(array.version()).isEqualTo(sim.config().array(A).purityVersion());
        assertThat(array.capacity()).isEqualTo(sim.config().array(A).capacity());

        String v = unique("v");
        await(fa.volumes().create(VolumeCreate.of(v, 1L << 30)));
        sim.admin().setWrittenBytes(A, v, 1L << 20);
        ArraySpace space = await(fa.arrays().space());
        assertThat(space.capacity()).isEqualTo(array.capacity());
        assertThat(space.space().used()).isGreaterThanOrEqualTo(1L << 20);
        assertThat(space.free()).isEqualTo(space.capacity() - space.space().used());
        // the serial starts with the array id's first 16 hex digits
        String serial = await(fa.volumes().get(v)).serial();
        assertThat(serial.toLowerCase()).startsWith(array.id().replace("-", "").substring(0, 16));
    }

    @Test
    void targetPortsInterfacesControllers() {
        FlashArrayClient fa = client(A);
        List<Port> ports = await(fa.ports().listAll());
        assertThat(ports.stream().filter(Port::isIscsi)).isNotEmpty().allSatisfy(p -> {
            assertThat(p.iqn()).startsWith("iqn.2010-06.com.purestorage:flasharray.");
            assertThat(p.portal()).endsWith(":3260");
        });
        assertThat(ports.stream().filter(Port::isFc)).isNotEmpty().allSatisfy(p -> assertThat(p.wwn()).startsWith("52:4A:93:7"));
        assertThat(ports.stream().filter(Port::isNvme)).isNotEmpty();

        List<NetworkInterface> nics = await(fa.networkInterfaces().listAll());
        assertThat(nics).isNotEmpty();
        assertThat(nics.stream().filter(n -> n.hasService("iscsi"))).isNotEmpty();

        List<Controller> controllers = await(fa.controllers().listAll());
        assertThat(controllers).extracting(Controller::name).contains("CT0", "CT1");
        assertThat(controllers).extracting(Controller::mode).contains("primary", "secondary");
    }

    @Test
    void realmsOnNewArraysAndRefusedBeforeTwoThirtySix() {
        List<Realm> realms = await(client(A).realms().listAll());
        assertThat(realms).extracting(Realm::name).containsExactly("tenant1");
        assertThat(await(client(B).realms().listAll())).isEmpty();

        FlashArrayClient old = client(A, b -> b.restVersionRange("2.2", "2.35"));
        assertThat(failure(old.realms().listAll())).isInstanceOf(FlashArrayUnsupportedException.class)
                .hasMessageContaining("needs REST 2.36");
        FlashArrayClient older = client(A, b -> b.restVersionRange("2.2", "2.3"));
        assertThat(failure(older.networkInterfaces().listAll())).isInstanceOf(FlashArrayUnsupportedException.class);
        assertThat(await(older.controllers().listAll())).isNotEmpty();
    }
}
