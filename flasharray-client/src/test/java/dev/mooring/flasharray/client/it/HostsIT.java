package dev.mooring.flasharray.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.FlashArrayNames;
import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayInUseException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.model.Host;
import dev.mooring.flasharray.client.model.HostGroup;
import dev.mooring.flasharray.client.query.Filter;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.flasharray.client.request.HostCreate;
import dev.mooring.flasharray.client.request.Initiators;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hosts and host groups through the client against the simulator. */
class HostsIT extends SimulatorSupport {

    @BeforeAll
    static void start() {
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod());
    }

    private static String iqn(String host) {
        return "iqn.1993-08.org.debian:01:" + host;
    }

    @Test
    void createWithInitiatorsAndChangeThem() {
        FlashArrayClient fa = client(A);
        String name = FlashArrayNames.hostNameFor(unique("worker") + ".eu-west-1.compute.internal");
        Host h = await(fa.hosts().create(HostCreate.named(name).withIqns(iqn(name))
                .withWwns("21:00:00:24:ff:3a:4f:1c").withNqns("nqn.2014-08.org.nvmexpress:uuid:" + name)));
        assertThat(h.name()).isEqualTo(name);
        assertThat(h.iqns()).containsExactly(iqn(name));
        assertThat(h.wwns()).containsExactly("21000024FF3A4F1C");
        assertThat(h.nqns()).hasSize(1);
        assertThat(h.personality()).isNull();
        assertThat(h.hostGroupName()).isNull();

        Host added = await(fa.hosts().addInitiators(name, Initiators.iqns(iqn(name) + "-2").withWwns(List.of("2100F4C7AA002706"))));
        assertThat(added.iqns()).containsExactlyInAnyOrder(iqn(name), iqn(name) + "-2");
        assertThat(added.wwns()).containsExactlyInAnyOrder("21000024FF3A4F1C", "2100F4C7AA002706");

        Host removed = await(fa.hosts().removeInitiators(name, Initiators.iqns(iqn(name))));
        assertThat(removed.iqns()).containsExactly(iqn(name) + "-2");

        Host replaced = await(fa.hosts().replaceInitiators(name, Initiators.iqns(iqn(name) + "-3").withWwns(List.of())));
        assertThat(replaced.iqns()).containsExactly(iqn(name) + "-3");
        assertThat(replaced.wwns()).isEmpty();
        assertThat(replaced.nqns()).hasSize(1); // not given: left alone

        assertThat(await(fa.hosts().get(name)).iqns()).containsExactly(iqn(name) + "-3");
        assertThat(await(fa.hosts().listAll(Query.filter(Filter.contains("iqns", iqn(name) + "-3")))))
                .extracting(Host::name).containsExactly(name);

        await(fa.hosts().delete(name));
        assertThat(await(fa.hosts().find(name))).isEmpty();
    }

    @Test
    void renameAndPreferredArrays() {
        FlashArrayClient fa = client(A);
        String h = unique("h");
        await(fa.hosts().create(HostCreate.named(h).withPreferredArrays(A)));
        assertThat(await(fa.hosts().get(h)).preferredArrays()).extracting("name").containsExactly(A);
        assertThat(await(fa.hosts().setPreferredArrays(h, List.of())).preferredArrays()).isEmpty();
        String renamed = unique("h-renamed");
        assertThat(await(fa.hosts().rename(h, renamed)).name()).isEqualTo(renamed);
        assertThat(await(fa.hosts().find(h))).isEmpty();
        assertThat(await(fa.hosts().list(Query.names(renamed))).items()).hasSize(1);
    }

    @Test
    void initiatorInUseByAnotherHost() {
        FlashArrayClient fa = client(A);
        String h1 = unique("h");
        String h2 = unique("h");
        await(fa.hosts().create(HostCreate.named(h1).withIqns(iqn(h1))));
        FlashArrayException e = failure(fa.hosts().create(HostCreate.named(h2).withIqns(iqn(h1))));
        assertThat(e).isInstanceOf(FlashArrayInUseException.class);
        assertThat(e.arrayMessage().orElseThrow()).contains("already in use");
    }

    @Test
    void duplicateAndMissingHosts() {
        FlashArrayClient fa = client(A);
        String h = unique("h");
        await(fa.hosts().create(HostCreate.named(h)));
        assertThat(failure(fa.hosts().create(HostCreate.named(h)))).isInstanceOf(FlashArrayAlreadyExistsException.class);
        FlashArrayException missing = failure(fa.hosts().delete(unique("nohost")));
        assertThat(missing).isInstanceOf(FlashArrayNotFoundException.class);
        assertThat(missing.arrayMessage().orElseThrow()).contains("does not exist");
    }

    @Test
    void connectedHostCannotBeDeleted() {
        FlashArrayClient fa = client(A);
        String h = unique("h");
        String v = unique("v");
        await(fa.hosts().create(HostCreate.named(h).withIqns(iqn(h))));
        await(fa.volumes().create(VolumeCreate.of(v, 1L << 30)));
        await(fa.connections().connectHost(h, v));
        FlashArrayException e = failure(fa.hosts().delete(h));
        assertThat(e).isInstanceOf(FlashArrayInUseException.class);
        assertThat(e.arrayMessage().orElseThrow()).contains("cannot be deleted due to existing connections");
        await(fa.connections().disconnectHost(h, v));
        await(fa.hosts().delete(h));
    }

    @Test
    void hostGroupsMembershipBothWays() {
        FlashArrayClient fa = client(A);
        String g = unique("hg");
        String h1 = unique("h");
        String h2 = unique("h");
        String h3 = unique("h");
        for (String h : List.of(h1, h2, h3)) {
            await(fa.hosts().create(HostCreate.named(h).withIqns(iqn(h))));
        }
        HostGroup created = await(fa.hostGroups().create(g));
        assertThat(created.name()).isEqualTo(g);
        assertThat(failure(fa.hostGroups().create(g))).isInstanceOf(FlashArrayAlreadyExistsException.class);

        await(fa.hostGroups().addMembers(g, List.of(h1, h2)));
        assertThat(await(fa.hostGroups().listMembers(g))).containsExactlyInAnyOrder(h1, h2);
        assertThat(await(fa.hostGroups().get(g)).hostCount()).isEqualTo(2);

        // through PATCH /hosts as well
        assertThat(await(fa.hosts().setHostGroup(h3, g)).hostGroupName()).isEqualTo(g);
        assertThat(await(fa.hostGroups().listMembers(g))).containsExactlyInAnyOrder(h1, h2, h3);

        // a host belongs to one group only
        String other = unique("hg");
        await(fa.hostGroups().create(other));
        FlashArrayException e = failure(fa.hostGroups().addMembers(other, List.of(h1)));
        assertThat(e).isInstanceOf(FlashArrayInUseException.class);
        assertThat(e.arrayMessage().orElseThrow()).contains("already belongs to");

        // a group with members cannot go
        assertThat(failure(fa.hostGroups().delete(g))).isInstanceOf(FlashArrayInUseException.class);

        assertThat(await(fa.hosts().clearHostGroup(h3)).hostGroupName()).isNull();
        await(fa.hostGroups().removeMembers(g, List.of(h1, h2)));
        assertThat(await(fa.hostGroups().listMembers(g))).isEmpty();
        assertThat(failure(fa.hostGroups().removeMembers(g, List.of(h1)))).isInstanceOf(FlashArrayNotFoundException.class);
        await(fa.hostGroups().delete(g));
        assertThat(await(fa.hostGroups().find(g))).isEmpty();
        assertThat(await(fa.hostGroups().listAll())).extracting(HostGroup::name).contains(other).doesNotContain(g);
    }
}
