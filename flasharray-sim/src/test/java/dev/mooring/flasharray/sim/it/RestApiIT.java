package dev.mooring.flasharray.sim.it;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST surface a client uses: envelope, paging, selection errors, volumes, hosts, host groups, connections. */
class RestApiIT extends SimulatorFixture {

    @Test
    void theEnvelopeHasTheFlashArrayFields() {
        a.post("volumes?names=v1", json("{\"provisioned\":10737418240}"));
        RestClient.Reply r = a.get("volumes");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().fieldNames()).contains("continuation_token", "more_items_remaining", "total_item_count", "items");
        assertThat(r.body().getValue("total_item_count")).isNull();
        JsonObject v = r.item(0);
        assertThat(v.getString("name")).isEqualTo("v1");
        assertThat(v.getString("serial")).matches("6C1B16CE1C034D1C[0-9A-F]{8}");
        assertThat(v.getLong("provisioned")).isEqualTo(10737418240L);
        assertThat(v.getJsonObject("pod").getMap()).containsEntry("name", null).containsEntry("id", null);
        assertThat(v.getJsonObject("qos").getMap()).containsEntry("bandwidth_limit", null);
        assertThat(v.getJsonObject("space").fieldNames()).contains("total_used", "unique", "total_provisioned");
        assertThat(a.get("volumes?total_item_count=true").body().getInteger("total_item_count")).isEqualTo(1);
    }

    @Test
    void pagingWithContinuationTokensVisitsEveryVolumeOnce() {
        for (int i = 0; i < 23; i++) {
            assertThat(a.post("volumes?names=page-" + i, null).status()).isEqualTo(200);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            RestClient.Reply r = a.get("volumes?limit=5" + (token == null ? "" : "&continuation_token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(r.status()).isEqualTo(200);
            r.items().forEach(o -> seen.add(((JsonObject) o).getString("name")));
            token = r.body().getString("continuation_token");
            assertThat(r.body().getBoolean("more_items_remaining")).isEqualTo(token != null);
            assertThat(r.headers().get("x-next-token")).isEqualTo(token);
        } while (token != null);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        RestClient.Reply count = a.get("volumes?limit=0");
        assertThat(count.items()).isEmpty();
        assertThat(count.body().getInteger("total_item_count")).isEqualTo(23);
        RestClient.Reply sorted = a.get("volumes?limit=5&sort=name-");
        assertThat(sorted.body().getValue("continuation_token")).isNull();
        assertThat(sorted.item(0).getString("name")).isEqualTo("page-9");
        assertThat(a.get("volumes?offset=20").items()).hasSize(3);
    }

    @Test
    void namedObjectsMustExist() {
        a.post("volumes?names=v1", null);
        RestClient.Reply r = a.get("volumes?names=v1,nope");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.firstError()).isEqualTo("Volume does not exist.");
        assertThat(r.firstErrorContext()).isEqualTo("nope");
        assertThat(a.get("volumes?names=v1&ids=x").status()).isEqualTo(400);
        assertThat(a.get("hosts?names=ghost").firstError()).isEqualTo("Host does not exist.");
        assertThat(a.get("connections?host_names=ghost").firstError()).contains("does not exist");
        assertThat(a.get("volumes?names=v1&destroyed=true").status()).as("v1 is not destroyed").isEqualTo(400);
    }

    @Test
    void filtersWorkAndMalformedOnesAre400() {
        a.post("volumes?names=pvc-1,pvc-2,other", json("{\"provisioned\":1048576}"));
        assertThat(a.get("volumes?filter=" + enc("name='pvc-*'")).items()).hasSize(2);
        assertThat(a.get("volumes?filter=" + enc("(name='pvc-1' or name='other') and destroyed='false'")).items()).hasSize(2);
        RestClient.Reply bad = a.get("volumes?filter=" + enc("name='pvc-1"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.firstError()).startsWith("Invalid filter:").contains("unterminated");
        assertThat(bad.firstErrorContext()).isEqualTo("filter");
    }

    @Test
    void filtersTakeValueListsAndListQuantifiersAsTheSdksWriteThem() {
        a.post("volumes?names=pvc-1,pvc-2,other", json("{\"provisioned\":1048576}"));
        // py-pure-client's Filter.in_ writes "name = ('a','b')"; Property.any() writes "iqns[any]"
        assertThat(a.get("volumes?filter=" + enc("name = ('pvc-1','other')")).items()).extracting(o -> ((JsonObject) o).getString("name"))
                .containsExactly("pvc-1", "other");
        a.post("hosts?names=h1", json("{\"iqns\":[\"iqn.2024-01.com.example:h1\"],\"wwns\":[\"21:00:00:24:FF:3A:4F:1C\"]}"));
        a.post("hosts?names=h2", json("{\"iqns\":[\"iqn.2024-01.com.example:h2\"]}"));
        assertThat(a.get("hosts?filter=" + enc("iqns[any]='iqn.2024-01.com.example:h2'")).items()).hasSize(1);
        assertThat(a.get("hosts?filter=" + enc("wwns[any]='21000024FF3A4F1C' and iqns[all]='*:h1'")).item(0).getString("name")).isEqualTo("h1");
        RestClient.Reply bad = a.get("hosts?filter=" + enc("wwns[first]='21000024FF3A4F1C'"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.firstError()).startsWith("Invalid filter:").contains("[any] or [all]");
        assertThat(a.get("hosts?filter=" + enc("name<('h1','h2')")).status()).isEqualTo(400);
    }

    @Test
    void bodiesAreJsonObjectsAndUnknownFieldsAreIgnored() {
        assertThat(a.post("volumes?names=v1", json("{\"provisioned\":1048576,\"some_future_field\":{\"x\":1}}")).status()).isEqualTo(200);
        RestClient.Reply bad = a.rawBody(HttpMethod.POST, "/api/2.36/volumes?names=v2", "{\"provisioned\":");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.firstError()).contains("Malformed JSON");
        assertThat(a.rawBody(HttpMethod.PATCH, "/api/2.36/volumes?names=v1", "[1]").status()).isEqualTo(400);
        assertThat(a.post("volumes?names=v3", json("{\"provisioned\":\"big\"}")).firstError()).contains("provisioned");
    }

    @Test
    void volumeLifecycle() {
        RestClient.Reply created = a.post("volumes?names=v1", json("{\"provisioned\":1048576,\"qos\":{\"iops_limit\":1000}}"));
        assertThat(created.item(0).getJsonObject("qos").getLong("iops_limit")).isEqualTo(1000);
        assertThat(a.post("volumes?names=v1", null).firstError()).isEqualTo("Volume already exists.");
        assertThat(a.post("volumes?names=v2", json("{\"provisioned\":1000}")).firstError()).contains("multiple of 512");
        assertThat(a.patch("volumes?names=v1", json("{\"provisioned\":524288}")).firstError()).contains("truncat");
        assertThat(a.patch("volumes?names=v1&truncate=true", json("{\"provisioned\":524288}")).item(0).getLong("provisioned")).isEqualTo(524288);
        assertThat(a.patch("volumes?names=v1", json("{\"qos\":{\"iops_limit\":\"\"}}")).item(0).getJsonObject("qos").getValue("iops_limit")).isNull();
        assertThat(a.patch("volumes?names=v1", json("{\"name\":\"v9\"}")).item(0).getString("name")).isEqualTo("v9");
        assertThat(a.delete("volumes?names=v9").firstError()).contains("must be destroyed");
        JsonObject destroyed = a.patch("volumes?names=v9", json("{\"destroyed\":true}")).item(0);
        assertThat(destroyed.getBoolean("destroyed")).isTrue();
        assertThat(destroyed.getLong("time_remaining")).isEqualTo(86400000L);
        assertThat(a.get("volumes?destroyed=false").items()).isEmpty();
        assertThat(a.get("volumes?destroyed=true").items()).hasSize(1);
        assertThat(a.post("volumes?names=v9", null).firstError()).isEqualTo("Volume already exists.");
        assertThat(a.patch("volumes?names=v9", json("{\"destroyed\":false}")).item(0).getBoolean("destroyed")).isFalse();
        a.patch("volumes?names=v9", json("{\"destroyed\":true}"));
        RestClient.Reply gone = a.delete("volumes?names=v9");
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.body()).isNull();
        assertThat(a.get("volumes?names=v9").status()).isEqualTo(400);
    }

    @Test
    void hostsAndInitiators() {
        JsonObject h = a.post("hosts?names=node1", json("{\"iqns\":[\"iqn.2024-01.com.example:node1\"],\"wwns\":[\"21:00:00:24:ff:3a:4f:1c\"]}")).item(0);
        assertThat(h.getJsonArray("wwns").getList()).containsExactly("21000024FF3A4F1C");
        assertThat(h.getValue("personality")).isNull();
        assertThat(h.getBoolean("is_local")).isTrue();
        assertThat(h.getJsonObject("host_group").getMap()).containsEntry("name", null);
        assertThat(h.getJsonObject("port_connectivity").getString("status")).isEqualTo("healthy");
        RestClient.Reply dup = a.post("hosts?names=node2", json("{\"iqns\":[\"iqn.2024-01.com.example:node1\"]}"));
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.firstError()).contains("already in use");
        assertThat(a.post("hosts?names=node1", null).firstError()).isEqualTo("Host already exists.");
        JsonObject p = a.patch("hosts?names=node1", json("{\"add_iqns\":[\"iqn.2024-01.com.example:extra\"],\"remove_wwns\":[\"21000024FF3A4F1C\"]}")).item(0);
        assertThat(p.getJsonArray("iqns").getList()).hasSize(2);
        assertThat(p.getJsonArray("wwns").getList()).isEmpty();
        assertThat(a.get("hosts?filter=" + enc("iqns='iqn.2024-01.com.example:extra' and is_local")).items()).hasSize(1);
    }

    @Test
    void connectionsPrivateAndShared() {
        a.post("hosts?names=h1", json("{\"iqns\":[\"iqn.2024-01.com.example:h1\"]}"));
        a.post("hosts?names=h2", json("{\"iqns\":[\"iqn.2024-01.com.example:h2\"]}"));
        a.post("volumes?names=v1,v2,v3", json("{\"provisioned\":1048576}"));
        JsonObject c = a.post("connections?host_names=h1&volume_names=v1", null).item(0);
        assertThat(c.getJsonObject("host").getString("name")).isEqualTo("h1");
        assertThat(c.getJsonObject("host_group").getMap()).containsEntry("name", null);
        assertThat(c.getJsonObject("volume").getString("name")).isEqualTo("v1");
        assertThat(c.getInteger("lun")).isEqualTo(1);
        assertThat(a.post("connections?host_names=h1&volume_names=v1", null).firstError()).isEqualTo("Connection already exists.");
        assertThat(a.post("connections?host_names=h1&volume_names=v2", json("{\"lun\":10}")).item(0).getInteger("lun")).isEqualTo(10);
        assertThat(a.get("volumes?names=v1").item(0).getInteger("connection_count")).isEqualTo(1);
        assertThat(a.delete("hosts?names=h1").firstError()).contains("cannot be deleted due to existing connections");

        a.post("host-groups?names=hg", null);
        assertThat(a.post("host-groups/hosts?group_names=hg&member_names=h1,h2", null).status()).isEqualTo(200);
        JsonArray rows = a.post("connections?host_group_names=hg&volume_names=v3", null).items();
        assertThat(rows).hasSize(2);
        assertThat(rows.getJsonObject(0).getInteger("lun")).isEqualTo(254);
        assertThat(rows.getJsonObject(1).getInteger("lun")).isEqualTo(254);
        assertThat(rows.getJsonObject(1).getJsonObject("host_group").getString("name")).isEqualTo("hg");
        assertThat(a.get("connections?volume_names=v3").items()).hasSize(2);
        assertThat(a.get("connections?host_names=h2").items()).hasSize(1);
        assertThat(a.get("host-groups?names=hg").item(0).getInteger("host_count")).isEqualTo(2);
        assertThat(a.get("host-groups/hosts?group_names=hg").items()).hasSize(2);
        assertThat(a.get("volumes?names=v3").item(0).getInteger("connection_count")).isEqualTo(2);

        assertThat(a.delete("connections?host_names=h2&volume_names=v3").firstError()).isEqualTo("Connection does not exist.");
        assertThat(a.delete("connections?host_group_names=hg&volume_names=v3").status()).isEqualTo(200);
        assertThat(a.delete("connections?host_names=h1&volume_names=v1").status()).isEqualTo(200);
        a.patch("volumes?names=v1", json("{\"destroyed\":true}"));
        assertThat(a.post("connections?host_names=h1&volume_names=v1", null).firstError()).isEqualTo("Volume has been destroyed.");
        assertThat(a.post("connections?host_names=h1", null).status()).isEqualTo(400);
    }

    @Test
    void hostGroupMembershipThroughPatchHosts() {
        a.post("hosts?names=h1", null);
        a.post("host-groups?names=hg1,hg2", null);
        assertThat(a.patch("hosts?names=h1", json("{\"host_group\":{\"name\":\"hg1\"}}")).item(0).getJsonObject("host_group").getString("name")).isEqualTo("hg1");
        assertThat(a.patch("hosts?names=h1", json("{\"host_group\":{\"name\":\"hg2\"}}")).firstError()).contains("already belongs to");
        assertThat(a.patch("hosts?names=h1", json("{\"host_group\":{\"name\":\"\"}}")).item(0).getJsonObject("host_group").getValue("name")).isNull();
    }

    @Test
    void arraysPortsControllersInterfacesAndRealms() {
        JsonObject arr = a.get("arrays").item(0);
        assertThat(arr.getString("name")).isEqualTo("array-a");
        assertThat(arr.getString("id")).isEqualTo("6c1b16ce-1c03-4d1c-8b2e-4f1a2b3c4d5e");
        assertThat(arr.getString("os")).isEqualTo("Purity//FA");
        assertThat(arr.getString("version")).isEqualTo("6.6.11");
        assertThat(arr.getLong("idle_timeout")).isEqualTo(3600000L);
        assertThat(arr.getJsonObject("eradication_config").getLong("eradication_delay")).isEqualTo(86400000L);
        a.post("volumes?names=v1", json("{\"provisioned\":1073741824}"));
        sim.admin().setWrittenBytes("array-a", "v1", 4096);
        assertThat(a.get("arrays/space").item(0).getJsonObject("space").getLong("total_used")).isEqualTo(4096);
        assertThat(a.get("volumes?names=v1").item(0).getJsonObject("space").getLong("unique")).isEqualTo(4096);
        JsonArray ports = a.get("ports").items();
        assertThat(ports.stream().map(o -> (JsonObject) o).filter(p -> p.getString("iqn") != null).findFirst().orElseThrow().getString("portal")).endsWith(":3260");
        assertThat(ports.stream().map(o -> (JsonObject) o).anyMatch(p -> p.getString("wwn") != null && p.getString("nqn") == null)).isTrue();
        assertThat(a.get("controllers").items().stream().map(o -> ((JsonObject) o).getString("mode")).toList()).containsExactly("primary", "secondary");
        assertThat(a.get("network-interfaces?filter=" + enc("services='iscsi'")).items()).isNotEmpty();
        assertThat(a.get("realms").items()).isEmpty();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
