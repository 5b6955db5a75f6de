package dev.mooring.devstack.kubeapi;

import static dev.mooring.devstack.kubeapi.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A watch that ends while the store is busy sending it an event must not make a write fail: fabric8's listener shuts
 * its sender down before it leaves the set of watchers, an event sent to it in between is refused
 * ({@code RejectedExecutionException}) after the object was stored, and the client, answered 500, retries into
 * "already exists". A write therefore waits until a closing watch is gone.
 */
class ObjectStoreTest {

    private static final String CLAIMS = "/api/v1/namespaces/default/persistentvolumeclaims";

    @Test
    void aWriteWhileAWatchIsClosingIsStoredAndAnsweredAsCreated() throws Exception {
        ObjectStore store = new ObjectStore(TestJson.MAPPER);
        WebSocketListener watch = store.watch(CLAIMS);
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebSocket client = new WebSocket() {
            @Override
            public RecordedRequest request() {
                return null;
            }

            @Override
            public boolean send(String text) {
                // The watcher is slow to take its event: the store's sender is busy with it.
                sending.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }

            @Override
            public boolean send(byte[] bytes) {
                return send(new String(bytes));
            }

            @Override
            public boolean close(int code, String reason) {
                return true;
            }
        };
        watch.onOpen(client, null);
        assertThat(store.create(CLAIMS, claim("first")).code()).isEqualTo(201);
        assertThat(sending.await(20, TimeUnit.SECONDS)).isTrue();

        // The client goes away while its event is still being sent; meanwhile someone writes.
        Thread closing = new Thread(() -> watch.onClosed(client, 1000, "client gone"), "watch-closing");
        closing.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> closing.getState() == Thread.State.TIMED_WAITING
                || closing.getState() == Thread.State.WAITING);
        CompletableFuture<ObjectStore.Written> second = CompletableFuture.supplyAsync(() -> store.create(CLAIMS, claim("second")));
        // The write waits for the watch to be gone: fabric8's listener has shut its sender down but is still in the
        // store's set until its send ends, and an event for it now would be refused after the object was stored.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        release.countDown();

        ObjectStore.Written written = second.get(20, TimeUnit.SECONDS);
        assertThat(written.code()).as(written.message()).isEqualTo(201);
        closing.join(20_000);
        assertThat(store.get(CLAIMS + "/second")).isPresent();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode claim(String name) {
        return json("{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'" + name
                + "','namespace':'default'},'spec':{'accessModes':['ReadWriteOnce']}}");
    }
}
