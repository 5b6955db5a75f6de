package dev.mooring.flasharray.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.error.FlashArrayAlreadyExistsException;
import dev.mooring.flasharray.client.error.FlashArrayBadRequestException;
import dev.mooring.flasharray.client.error.FlashArrayDestroyedException;
import dev.mooring.flasharray.client.error.FlashArrayException;
import dev.mooring.flasharray.client.error.FlashArrayNotFoundException;
import dev.mooring.flasharray.client.error.Outcome;
import dev.mooring.flasharray.client.model.Page;
import dev.mooring.flasharray.client.model.QoS;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.query.Filter;
import dev.mooring.flasharray.client.query.Query;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Volumes through the client against the simulator: the whole life cycle, QoS, pods, paging, errors. */
class VolumesIT extends SimulatorSupport {

    private static final long GIB = 1L << 30;

    @BeforeAll
    static void start() {
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod());
    }

    @Test
    void createGetResizeRenameDestroyRecoverEradicate() {
        FlashArrayClient fa = client(A);
        String name = unique("pvc");
        Volume created = await(fa.volumes().create(VolumeCreate.of(name, 10 * GIB)));
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.provisioned()).isEqualTo(10 * GIB);
        assertThat(created.serial()).matches("[0-9A-F]{24}");
        assertThat(created.isDestroyed()).isFalse();
        assertThat(created.deviceIdentity().wwid()).isEqualTo("3624a9370" + created.serial().toLowerCase());

        assertThat(await(fa.volumes().get(name)).serial()).isEqualTo(created.serial());

        assertThat(await(fa.volumes().resize(name, 20 * GIB)).provisioned()).isEqualTo(20 * GIB);
        FlashArrayException shrink = failure(fa.volumes().resize(name, 5 * GIB));
        assertThat(shrink).isInstanceOf(FlashArrayBadRequestException.class);
        assertThat(shrink.arrayMessage()).hasValueSatisfying(m -> assertThat(m).contains("truncat"));
        assertThat(await(fa.volumes().resize(name, 5 * GIB, true)).provisioned()).isEqualTo(5 * GIB);

        String renamed = unique("pvc-renamed");
        assertThat(await(fa.volumes().rename(name, renamed)).name()).isEqualTo(renamed);
        assertThat(await(fa.volumes().find(name))).isEmpty();

        Volume destroyed = await(fa.volumes().destroy(renamed));
        assertThat(destroyed.isDestroyed()).isTrue();
        assertThat(destroyed.timeRemaining()).isPositive();
        assertThat(await(fa.volumes().listAll(Query.names(renamed).destroyed(true)))).hasSize(1);

        Volume recovered = await(fa.volumes().recover(renamed));
        assertThat(recovered.isDestroyed()).isFalse();
        assertThat(recovered.timeRemaining()).isNull();

        await(fa.volumes().destroy(renamed));
        await(fa.volumes().eradicate(renamed));
        assertThat(await(fa.volumes().find(renamed))).isEmpty();
        assertThat(failure(fa.volumes().get(renamed))).isInstanceOf(FlashArrayNotFoundException.class);
    }

    @Test
    void qosSetAndUnset() {
        FlashArrayClient fa = client(A);
        String name = unique("qos");
        Volume v = await(fa.volumes().create(VolumeCreate.of(name, GIB).withQos(QoS.limits(100L << 20, 5000L))));
        assertThat(v.qos().bandwidthLimit()).isEqualTo(100L << 20);
        assertThat(v.qos().iopsLimit()).isEqualTo(5000L);

        Volume changed = await(fa.volumes().setQos(name, QoS.iops(200)));
        assertThat(changed.qos().iopsLimit()).isEqualTo(200L);
        assertThat(changed.qos().bandwidthLimit()).isEqualTo(100L << 20);

        Volume unset = await(fa.volumes().unsetQos(name));
        assertThat(unset.qos() == null || unset.qos().isUnlimited()).isTrue();
    }

    @Test
    void createInStretchedPodIsVisibleOnBothArrays() {
        FlashArrayClient a = client(A);
        FlashArrayClient b = client(B);
        String name = unique("pvc");
        Volume v = await(a.volumes().create(VolumeCreate.of(name, GIB).inPod("pod1")));
        assertThat(v.name()).isEqualTo("pod1::" + name);
        assertThat(v.podName()).isEqualTo("pod1");
        Volume seenFromB = await(b.volumes().get("pod1::" + name));
        assertThat(seenFromB.serial()).isEqualTo(v.serial());
        assertThat(await(a.volumes().listAll(Query.filter(Filter.eq("pod.name", "pod1")))))
                .extracting(Volume::name).contains("pod1::" + name);
    }

    @Test
    void duplicateNameAlreadyExists() {
        FlashArrayClient fa = client(A);
        String name = unique("dup");
        await(fa.volumes().create(VolumeCreate.of(name, GIB)));
        FlashArrayException e = failure(fa.volumes().create(VolumeCreate.of(name, GIB)));
        assertThat(e).isInstanceOf(FlashArrayAlreadyExistsException.class);
        assertThat(((FlashArrayAlreadyExistsException) e).isConnection()).isFalse();
        assertThat(e.outcome()).isEqualTo(Outcome.FINAL);
        assertThat(e.arrayContext()).hasValue(name);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.operation()).isEqualTo("POST /api/2.36/volumes");
        assertThat(e.endpoint()).isEqualTo(sim.endpoint(A));
        assertThat(e.requestId()).isPresent();
    }

    @Test
    void destroyedVolumeRefusesChanges() {
        FlashArrayClient fa = client(A);
        String name = unique("gone");
        await(fa.volumes().create(VolumeCreate.of(name, GIB)));
        await(fa.volumes().destroy(name));
        FlashArrayException e = failure(fa.volumes().resize(name, 2 * GIB));
        assertThat(e).isInstanceOf(FlashArrayDestroyedException.class);
        assertThat(e.arrayMessage()).hasValue("Volume has been destroyed.");
    }

    @Test
    void missingVolumeIsNotFound() {
        FlashArrayClient fa = client(A);
        FlashArrayException e = failure(fa.volumes().destroy("no-such-volume"));
        assertThat(e).isInstanceOf(FlashArrayNotFoundException.class);
        assertThat(e.arrayContext()).hasValue("no-such-volume");
        assertThat(e.outcome()).isEqualTo(Outcome.FINAL);
    }

    @Test
    void pagesThroughContinuationTokens() {
        FlashArrayClient fa = client(B);
        String prefix = unique("page");
        List<Uni<Volume>> creates = IntStream.range(0, 23)
                .mapToObj(i -> fa.volumes().create(VolumeCreate.of(prefix + "-" + i, GIB))).toList();
        await(Uni.join().all(creates).andFailFast());
        Query q = Query.filter(Filter.eq("name", prefix + "-*")).limit(5);

        // single-page access, by hand
        List<String> byHand = new ArrayList<>();
        Page<Volume> page = await(fa.volumes().list(q));
        int pages = 1;
        byHand.addAll(page.items().stream().map(Volume::name).toList());
        while (page.hasNext()) {
            assertThat(page.items()).hasSize(5);
            page = await(fa.volumes().list(q.continuationToken(page.continuationToken())));
            byHand.addAll(page.items().stream().map(Volume::name).toList());
            pages++;
        }
        assertThat(pages).isEqualTo(5);
        assertThat(byHand).hasSize(23).doesNotHaveDuplicates();

        // every page, collected
        List<Volume> all = await(fa.volumes().listAll(q));
        assertThat(all).extracting(Volume::name).containsExactlyElementsOf(byHand);
        // streamed
        assertThat(fa.volumes().stream(q).collect().asList().await().atMost(WAIT)).hasSize(23);
        // a sort gives no token: one capped page
        Page<Volume> sorted = await(fa.volumes().list(q.sort("-name")));
        assertThat(sorted.hasNext()).isFalse();
        assertThat(sorted.items()).hasSize(5);
    }

    @Test
    void filterByNameListAndDestroyedFlag() {
        FlashArrayClient fa = client(A);
        String live = unique("live");
        String dead = unique("dead");
        await(fa.volumes().create(VolumeCreate.of(live, GIB)));
        await(fa.volumes().create(VolumeCreate.of(dead, GIB)));
        await(fa.volumes().destroy(dead));
        Filter f = Filter.in("name", List.of(live, dead));
        assertThat(await(fa.volumes().listAll(Query.filter(f)))).hasSize(2);
        assertThat(await(fa.volumes().listAll(Query.filter(f).destroyed(false)))).extracting(Volume::name).containsExactly(live);
        assertThat(await(fa.volumes().listAll(Query.filter(f.and(Filter.eq("destroyed", true))))))
                .extracting(Volume::name).containsExactly(dead);
        assertThat(await(fa.volumes().listAll(Query.names(live, dead)))).hasSize(2);
    }
}
