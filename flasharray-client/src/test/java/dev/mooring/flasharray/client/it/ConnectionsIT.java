package dev.mooring.flasharray.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayDestroyedException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.flasharray.client.request.HostCreate;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Host and host-group connections through the client against the simulator. */
class ConnectionsIT extends SimulatorSupport {

    private static final long GIB = 1L << 30;

    @BeforeAll
    static void start() {
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod());
    }

    private String host(FlashArrayClient fa) {
        String h = unique("node");
        await(fa.hosts().create(HostCreate.named(h).withIqns("iqn.1993-08.org.debian:01:" + h)));
        return h;
    }

    private String volume(FlashArrayClient fa) {
        String v = unique("pvc");
        await(fa.volumes().create(VolumeCreate.of(v, GIB)));
        return v;
    }

    @Test
    void connectPrivatelyListAndDisconnect() {
        FlashArrayClient fa = client(A);
        String h = host(fa);
        String v1 = volume(fa);
        String v2 = volume(fa);
        Connection c1 = await(fa.connections().connectHost(h, v1));
        assertThat(c1.hostName()).isEqualTo(h);
        assertThat(c1.volumeName()).isEqualTo(v1);
        assertThat(c1.lun()).isEqualTo(1);
        assertThat(c1.isShared()).isFalse();
        Connection c2 = await(fa.connections().connectHost(h, v2, 42));
        assertThat(c2.lun()).isEqualTo(42);

        assertThat(await(fa.connections().listByHost(h))).extracting(Connection::volumeName).containsExactlyInAnyOrder(v1, v2);
        assertThat(await(fa.connections().listByVolume(v2))).extracting(Connection::hostName).containsExactly(h);
        assertThat(await(fa.connections().find(h, v2))).hasValueSatisfying(c -> assertThat(c.lun()).isEqualTo(42));
        assertThat(await(fa.volumes().get(v1)).connectionCount()).isEqualTo(1);
        assertThat(await(fa.hosts().get(h)).connectionCount()).isEqualTo(2);

        FlashArrayException again = failure(fa.connections().connectHost(h, v1));
        assertThat(again).isInstanceOfSatisfying(FlashArrayAlreadyExistsException.class,
                e -> assertThat(e.isConnection()).isTrue());
        assertThat(again.arrayMessage()).hasValue("Connection already exists.");

        await(fa.connections().disconnectHost(h, v1));
        assertThat(await(fa.connections().find(h, v1))).isEmpty();
        FlashArrayException gone = failure(fa.connections().disconnectHost(h, v1));
        assertThat(gone).isInstanceOf(FlashArrayNotFoundException.class);
        assertThat(gone.arrayMessage()).hasValue("Connection does not exist.");
        assertThat(await(fa.connections().listAll(Query.all().limit(1)))).extracting(Connection::volumeName).contains(v2);
    }

    @Test
    void hostGroupConnectionSharesOneLunFromTheTop() {
        FlashArrayClient fa = client(A);
        String g = unique("hg");
        String h1 = host(fa);
        String h2 = host(fa);
        String v = volume(fa);
        await(fa.hostGroups().create(g));
        await(fa.hostGroups().addMembers(g, List.of(h1, h2)));
        List<Connection> rows = await(fa.connections().connectHostGroup(g, v));
        assertThat(rows).hasSize(2).allSatisfy(c -> {
            assertThat(c.hostGroupName()).isEqualTo(g);
            assertThat(c.lun()).isEqualTo(254);
            assertThat(c.isShared()).isTrue();
        });
        assertThat(rows).extracting(Connection::hostName).containsExactlyInAnyOrder(h1, h2);
        assertThat(await(fa.connections().listByHostGroup(g))).hasSize(2);
        assertThat(await(fa.connections().listByHost(h1))).extracting(Connection::lun).containsExactly(254);
        await(fa.connections().disconnectHostGroup(g, v));
        assertThat(await(fa.connections().listByVolume(v))).isEmpty();
    }

    @Test
    void hostGroupConnectionWithAGivenLun() {
        FlashArrayClient fa = client(A);
        String g = unique("hg");
        String h = host(fa);
        String v = volume(fa);
        await(fa.hostGroups().create(g));
        await(fa.hostGroups().addMembers(g, List.of(h)));
        assertThat(await(fa.connections().connectHostGroup(g, v, 17))).extracting(Connection::lun).containsExactly(17);
        FlashArrayException again = failure(fa.connections().connectHostGroup(g, v));
        assertThat(again).isInstanceOfSatisfying(FlashArrayAlreadyExistsException.class, e -> assertThat(e.isConnection()).isTrue());
    }

    @Test
    void destroyedVolumeCannotBeConnected() {
        FlashArrayClient fa = client(A);
        String h = host(fa);
        String v = volume(fa);
        await(fa.volumes().destroy(v));
        FlashArrayException e = failure(fa.connections().connectHost(h, v));
        assertThat(e).isInstanceOf(FlashArrayDestroyedException.class);
        assertThat(e.arrayMessage()).hasValue("Volume has been destroyed.");
    }

    @Test
    void missingHostIsNotFound() {
        FlashArrayClient fa = client(A);
        String v = volume(fa);
        FlashArrayException e = failure(fa.connections().connectHost("no-such-host", v));
        assertThat(e).isInstanceOf(FlashArrayNotFoundException.class);
        assertThat(e.arrayMessage().orElseThrow()).contains("does not exist");
        assertThat(failure(fa.connections().listByHost("no-such-host"))).isInstanceOf(FlashArrayNotFoundException.class);
    }

    @Test
    void podVolumeConnectsOnEachArray() {
        FlashArrayClient a = client(A);
        FlashArrayClient b = client(B);
        String v = unique("pvc");
        await(a.volumes().create(VolumeCreate.of(v, GIB).inPod("pod1")));
        String ha = host(a);
        String hb = unique("node");
        await(b.hosts().create(HostCreate.named(hb).withIqns("iqn.1993-08.org.debian:01:" + hb)));
        assertThat(await(a.connections().connectHost(ha, "pod1::" + v)).lun()).isEqualTo(1);
        assertThat(await(b.connections().connectHost(hb, "pod1::" + v)).lun()).isEqualTo(1);
        assertThat(await(b.connections().listByVolume("pod1::" + v))).extracting(Connection::hostName).containsExactly(hb);
    }
}
