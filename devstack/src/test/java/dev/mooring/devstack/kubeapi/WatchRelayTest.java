package dev.mooring.devstack.kubeapi;

import static dev.mooring.devstack.kubeapi.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What one watcher is told of the store's changes: only what its selectors match, from the version it asked. */
class WatchRelayTest {

    private static final ApiResource CLAIMS = ApiResources.find("", "v1", "persistentvolumeclaims").orElseThrow();

    private static WatchRelay relay(String labelSelector, long since) {
        return new WatchRelay(new WebSocketListener() {
        }, TestJson.MAPPER, Selectors.of(labelSelector, null, CLAIMS), Function.identity(), (stored, served) -> served, since);
    }

    private static String event(String type, String name, String tier, int version) {
        return "{\"type\":\"" + type + "\",\"object\":{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\","
                + "\"resourceVersion\":\"" + version + "\",\"labels\":{\"tier\":\"" + tier + "\"}}}}";
    }

    private static String typeOf(Optional<String> sent) {
        return sent.map(text -> json(text).path("type").asText()).orElse("nothing");
    }

    @Test
    void anObjectThatStopsMatchingIsDeletedForThisWatcherAndAddedWhenItMatchesAgain() {
        WatchRelay relay = relay("tier=db", 0);
        assertThat(typeOf(relay.relay(event("ADDED", "a", "db", 5)))).isEqualTo("ADDED");
        assertThat(typeOf(relay.relay(event("MODIFIED", "a", "db", 6)))).isEqualTo("MODIFIED");
        assertThat(typeOf(relay.relay(event("MODIFIED", "a", "web", 7)))).isEqualTo("DELETED");
        assertThat(typeOf(relay.relay(event("MODIFIED", "a", "web", 8)))).isEqualTo("nothing");
        assertThat(typeOf(relay.relay(event("MODIFIED", "a", "db", 9)))).isEqualTo("ADDED");
        assertThat(typeOf(relay.relay(event("DELETED", "a", "db", 10)))).isEqualTo("DELETED");
    }

    @Test
    void objectsNeverMatchedAreNotMentionedEvenWhenDeleted() {
        WatchRelay relay = relay("tier=db", 0);
        assertThat(typeOf(relay.relay(event("ADDED", "b", "web", 5)))).isEqualTo("nothing");
        assertThat(typeOf(relay.relay(event("DELETED", "b", "web", 6)))).isEqualTo("nothing");
    }

    @Test
    void aWatchFromAVersionSkipsTheOpeningStateTheClientListedButNotLaterChanges() {
        WatchRelay relay = relay(null, 10);
        assertThat(typeOf(relay.relay(event("ADDED", "listed", "db", 9)))).isEqualTo("nothing");
        assertThat(typeOf(relay.relay(event("MODIFIED", "listed", "db", 11)))).isEqualTo("MODIFIED");
        assertThat(typeOf(relay.relay(event("ADDED", "created", "db", 12)))).isEqualTo("ADDED");
    }

    @Test
    void theEventCarriesTheObjectAsTheWatcherReadsIt() {
        WatchRelay relay = new WatchRelay(new WebSocketListener() {
        }, TestJson.MAPPER, o -> true, Function.identity(), (stored, served) -> json("{'kind':'Table'}"), 0);
        JsonNode sent = json(relay.relay(event("ADDED", "a", "db", 1)).orElseThrow());
        assertThat(sent.path("object").path("kind").asText()).isEqualTo("Table");
    }
}
