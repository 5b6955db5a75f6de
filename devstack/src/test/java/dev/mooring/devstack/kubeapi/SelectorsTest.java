package dev.mooring.devstack.kubeapi;

import static dev.mooring.devstack.kubeapi.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Label and field selectors with the API server's semantics, as kubectl and the describers send them. */
class SelectorsTest {

    private static final ApiResource EVENTS = ApiResources.find("", "v1", "events").orElseThrow();
    private static final ApiResource CLAIMS = ApiResources.find("", "v1", "persistentvolumeclaims").orElseThrow();

    private static final JsonNode WEB = json("{'metadata':{'name':'web','labels':{'app':'web','tier':'front','rank':'3'}}}");
    private static final JsonNode DB = json("{'metadata':{'name':'db','labels':{'app':'db'}}}");

    private static List<String> names(Predicate<JsonNode> selector, JsonNode... objects) {
        return List.of(objects).stream().filter(selector).map(o -> o.at("/metadata/name").asText()).toList();
    }

    @Test
    void labelSelectorsOfEveryKindKubectlAccepts() {
        assertThat(names(Selectors.labels("app=web"), WEB, DB)).containsExactly("web");
        assertThat(names(Selectors.labels("app==db"), WEB, DB)).containsExactly("db");
        assertThat(names(Selectors.labels("app!=web"), WEB, DB)).containsExactly("db");
        assertThat(names(Selectors.labels("app in (web, db),tier"), WEB, DB)).containsExactly("web");
        assertThat(names(Selectors.labels("app notin (web)"), WEB, DB)).containsExactly("db");
        assertThat(names(Selectors.labels("!tier"), WEB, DB)).containsExactly("db");
        assertThat(names(Selectors.labels("rank>2"), WEB, DB)).containsExactly("web");
        assertThat(names(Selectors.labels(""), WEB, DB)).containsExactly("web", "db");
    }

    @Test
    void aMalformedLabelSelectorIsABadRequest() {
        assertThatThrownBy(() -> Selectors.labels("app in web")).isInstanceOf(ApiException.class)
                .hasMessageContaining("unable to parse requirement");
    }

    @Test
    void describeFindsTheEventsOfOneClaimByItsInvolvedObject() {
        JsonNode mine = json("{'metadata':{'name':'e1','namespace':'default'},'type':'Normal','source':{'component':'pxd'},"
                + "'involvedObject':{'kind':'PersistentVolumeClaim','namespace':'default','name':'vm-disk','uid':'u1'}}");
        JsonNode other = json("{'metadata':{'name':'e2','namespace':'default'},'type':'Warning',"
                + "'involvedObject':{'kind':'PersistentVolumeClaim','namespace':'default','name':'vm-disk-2','uid':'u2'}}");
        Predicate<JsonNode> describe = Selectors.fields("involvedObject.uid=u1,involvedObject.name=vm-disk,"
                + "involvedObject.namespace=default,involvedObject.kind=PersistentVolumeClaim", EVENTS);
        assertThat(names(describe, mine, other)).containsExactly("e1");
        assertThat(names(Selectors.fields("type!=Normal", EVENTS), mine, other)).containsExactly("e2");
        assertThat(names(Selectors.fields("source=pxd", EVENTS), mine, other)).containsExactly("e1");
    }

    @Test
    void anAbsentFieldEqualsTheEmptyValueAsForAClusterScopedObjectsEvents() {
        JsonNode nodeEvent = json("{'metadata':{'name':'n'},'involvedObject':{'kind':'Node','name':'worker-1'}}");
        assertThat(names(Selectors.fields("involvedObject.namespace=,involvedObject.name=worker-1", EVENTS), nodeEvent))
                .containsExactly("n");
    }

    @Test
    void escapedCommasAndEqualsBelongToTheValue() {
        JsonNode odd = json("{'metadata':{'name':'n'},'reason':'a,b=c'}");
        assertThat(names(Selectors.fields("reason=a\\,b\\=c", EVENTS), odd)).containsExactly("n");
    }

    @Test
    void aFieldTheKindDoesNotDeclareIsRefusedAsARealServerRefusesIt() {
        assertThatThrownBy(() -> Selectors.fields("spec.storageClassName=x", CLAIMS)).isInstanceOf(ApiException.class)
                .hasMessage("field label not supported: spec.storageClassName");
        assertThat(names(Selectors.fields("metadata.name=web", CLAIMS), WEB, DB)).containsExactly("web");
    }
}
