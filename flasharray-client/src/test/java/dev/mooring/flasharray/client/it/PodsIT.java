package dev.mooring.flasharray.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.RestVersion;
import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayInUseException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.model.Membership;
import dev.mooring.flasharray.client.model.Pod;
import dev.mooring.flasharray.client.model.PodArrayStatus;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.flasharray.client.request.PodCreate;
import dev.mooring.flasharray.client.request.PodPatch;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pods through the client against the simulator, including stretch by pods/members (2.36+) and pods/arrays. */
class PodsIT extends SimulatorSupport {

    @BeforeAll
    static void start() {
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod());
    }

    @Test
    void stretchedPodSeenFromBothArrays() {
        for (String array : new String[] {A, B}) {
            Pod pod = await(client(array).pods().get("pod1"));
            assertThat(pod.isStretched()).isTrue();
            assertThat(pod.isHealthy()).isTrue();
            assertThat(pod.arrays()).extracting(PodArrayStatus::name).containsExactlyInAnyOrder(A, B);
            assertThat(pod.arrays()).allSatisfy(s -> {
                assertThat(s.status()).isEqualTo("online");
                assertThat(s.mediatorStatus()).isEqualTo("online");
                assertThat(s.frozenAt()).isNull();
            });
            assertThat(pod.failoverPreferences()).extracting("name").containsExactly(A);
            assertThat(pod.promotionStatus()).isEqualTo("promoted");
        }
        assertThat(await(client(A).pods().listAll())).extracting(Pod::name).contains("pod1");
    }

    @Test
    void createPatchDestroyEradicate() {
        FlashArrayClient fa = client(A);
        String name = unique("pod");
        Pod p = await(fa.pods().create(PodCreate.named(name).withFailoverPreferences(A)));
        assertThat(p.name()).isEqualTo(name);
        assertThat(p.failoverPreferences()).extracting("name").containsExactly(A);
        assertThat(p.isStretched()).isFalse();
        assertThat(failure(fa.pods().create(PodCreate.named(name)))).isInstanceOf(FlashArrayAlreadyExistsException.class);

        Pod patched = await(fa.pods().patch(name, PodPatch.empty().withMediator("mediator.example.com")
                .withFailoverPreferences()));
        assertThat(patched.mediator()).isEqualTo("mediator.example.com");
        assertThat(patched.failoverPreferences()).isEmpty();
        assertThat(await(fa.pods().setFailoverPreferences(name, A)).failoverPreferences()).extracting("name").containsExactly(A);
        assertThat(await(fa.pods().setMediator(name, "purestorage")).mediator()).isEqualTo("purestorage");

        // not empty: refuses to go, unless asked to take its volumes along
        await(fa.volumes().create(VolumeCreate.of("v1", 1L << 20).inPod(name)));
        assertThat(failure(fa.pods().destroy(name))).isInstanceOf(FlashArrayInUseException.class);
        Pod destroyed = await(fa.pods().destroy(name, true));
        assertThat(destroyed.isDestroyed()).isTrue();
        assertThat(await(fa.pods().listAll(Query.names(name).destroyed(true)))).hasSize(1);
        assertThat(await(fa.pods().recover(name)).isDestroyed()).isFalse();
        await(fa.pods().destroy(name, true));
        await(fa.pods().eradicate(name, true));
        assertThat(await(fa.pods().find(name))).isEmpty();
        assertThat(failure(fa.pods().get(name))).isInstanceOf(FlashArrayNotFoundException.class);
    }

    @ParameterizedTest(name = "REST up to {0} uses {1}")
    @CsvSource({"2.36, pods/members", "2.35, pods/arrays", "2.21, pods/arrays"})
    void stretchAndUnstretchByNegotiatedVersion(String max, String path) {
        UnaryOperator<FlashArrayClient.Builder> range = b -> b.restVersionRange("2.2", max);
        FlashArrayClient a = client(A, range);
        FlashArrayClient b = client(B, range);
        assertThat(await(a.restVersion())).isEqualTo(RestVersion.parse(max));
        assertThat(await(a.pods().membersPath())).isEqualTo(path);

        String name = unique("pod");
        await(a.pods().create(PodCreate.named(name)));
        var rows = await(a.pods().stretch(name, B));
        assertThat(rows).extracting(Membership::memberName).containsExactly(B);
        assertThat(rows).extracting(Membership::containerName).containsOnly(name);
        assertThat(await(a.pods().listMembers(name))).extracting(Membership::memberName).containsExactlyInAnyOrder(A, B);
        Pod fromB = await(b.pods().get(name));
        assertThat(fromB.arrays()).extracting(PodArrayStatus::name).containsExactlyInAnyOrder(A, B);
        // membership rows are references only (REST Member/PodMember models); each array's state is in pods.arrays[]
        assertThat(fromB.arrays()).allSatisfy(s -> assertThat(s.status()).isEqualTo(PodArrayStatus.ONLINE));

        FlashArrayException twice = failure(a.pods().stretch(name, B));
        assertThat(twice).isInstanceOf(FlashArrayAlreadyExistsException.class);

        await(a.pods().unstretch(name, B));
        assertThat(await(a.pods().listMembers(name))).extracting(Membership::memberName).containsExactly(A);
        assertThat(await(a.pods().get(name)).isStretched()).isFalse();
        FlashArrayException notMember = failure(a.pods().unstretch(name, B));
        assertThat(notMember).isInstanceOf(FlashArrayNotFoundException.class);
        await(a.pods().destroy(name));
        await(a.pods().eradicate(name));
    }

    @Test
    void stretchedPodCannotBeDestroyed() {
        FlashArrayException e = failure(client(A).pods().destroy("pod1"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.arrayMessage().orElseThrow()).contains("stretched");
    }
}
