package dev.mooring.flasharray.sim.it;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Facts about the response models read in Pure's SDK sources (see docs/flasharray-api.md), written here as literal
 * expectations rather than taken from the model files, so a wrong model file fails too; and the space figures the
 * simulator derives from written and provisioned bytes.
 */
class ModelFactsIT extends SimulatorFixture {
    private static final long GIB = 1L << 30;

    @ParameterizedTest(name = "{0} at {1}: {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            arrays       | 2.25 | time_zone                          | absent
            arrays       | 2.26 | time_zone                          | present
            arrays       | 2.25 | ntp_symmetric_key                  | absent
            arrays       | 2.26 | ntp_symmetric_key                  | present
            arrays       | 2.26 | _as_of                             | present
            arrays       | 2.5  | eradication_config                 | absent
            arrays       | 2.6  | eradication_config                 | present
            arrays       | 2.25 | eradication_config.disabled_delay  | absent
            arrays       | 2.26 | eradication_config.enabled_delay   | present
            arrays       | 2.17 | space.replication                  | present
            arrays       | 2.36 | space.footprint                    | present
            arrays/space | 2.36 | capacity_installed                 | absent
            volumes      | 2.32 | protocol_endpoint                  | absent
            volumes      | 2.33 | protocol_endpoint.container_version | present
            volumes      | 2.1  | promotion_status                   | absent
            volumes      | 2.2  | promotion_status                   | present
            volumes      | 2.9  | priority                           | absent
            volumes      | 2.10 | priority_adjustment.priority_adjustment_operator | present
            volumes      | 2.8  | space.total_effective              | absent
            volumes      | 2.22 | space.used_provisioned             | absent
            volumes      | 2.23 | space.used_provisioned             | present
            volumes      | 2.25 | space.total_used                   | absent
            volumes      | 2.26 | space.total_used                   | present
            volumes      | 2.33 | space.footprint                    | absent
            volumes      | 2.34 | space.footprint                    | present
            hosts        | 2.0  | is_local                           | absent
            hosts        | 2.1  | is_local                           | present
            hosts        | 2.15 | vlan                               | absent
            hosts        | 2.16 | vlan                               | present
            hosts        | 2.35 | destroyed                          | absent
            hosts        | 2.36 | time_remaining                     | present
            host-groups  | 2.36 | qos                                | absent
            pods         | 2.2  | array_count                        | absent
            pods         | 2.3  | array_count                        | present
            pods         | 2.12 | eradication_config                 | absent
            pods         | 2.13 | eradication_config.manual_eradication | present
            pods         | 2.22 | quota_limit                        | absent
            pods         | 2.23 | quota_limit                        | present
            pods         | 2.35 | members                            | absent
            pods         | 2.36 | members                            | present
            pods         | 2.36 | realm                              | absent
            controllers  | 2.29 | mode_since                         | absent
            controllers  | 2.30 | mode_since                         | present
            connections  | 2.26 | nsid                               | absent
            connections  | 2.27 | nsid                               | present
            """)
    void fieldsComeWithTheirVersion(String endpoint, String version, String path, String presence) {
        a.post("volumes?names=v1", null);
        a.post("hosts?names=h1", null);
        a.post("host-groups?names=g1", null);
        a.post("connections?host_names=h1&volume_names=v1", null);
        JsonObject item = a.version(version).get(endpoint).item(0);
        String[] parts = path.split("\\.");
        JsonObject parent = item;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.getJsonObject(parts[i]);
        }
        assertThat(parent.containsKey(parts[parts.length - 1])).as("%s %s at %s", endpoint, path, version)
                .isEqualTo(presence.equals("present"));
    }

    @Test
    void membershipRowsCarryTypedReferencesOnly() {
        JsonObject members = a.get("pods/members?pod_names=pod1").item(0);
        assertThat(members.fieldNames()).containsExactlyInAnyOrder("pod", "member");
        assertThat(members.getJsonObject("pod").getMap()).containsOnlyKeys("id", "name", "resource_type")
                .containsEntry("name", "pod1").containsEntry("resource_type", "pods");
        assertThat(members.getJsonObject("member").getString("resource_type")).isEqualTo("arrays");

        JsonObject arraysRow = a.version("2.1").get("pods/arrays?group_names=pod1").item(0);
        assertThat(arraysRow.fieldNames()).containsExactlyInAnyOrder("group", "member");
        assertThat(arraysRow.getJsonObject("group").getMap()).containsOnlyKeys("id", "name").containsEntry("name", "pod1");

        JsonObject status = a.version("2.36").get("pods?names=pod1").item(0).getJsonArray("arrays").getJsonObject(0);
        assertThat(status.getJsonObject("member").getMap()).containsOnlyKeys("id", "name", "resource_type")
                .containsEntry("name", status.getString("name")).containsEntry("resource_type", "arrays");
        assertThat(a.version("2.35").get("pods?names=pod1").item(0).getJsonArray("arrays").getJsonObject(0).containsKey("member")).isFalse();
    }

    @Test
    void pagingTokensAppearFromTwoPointTwo() {
        a.post("volumes?names=v1,v2", null);
        assertThat(a.version("2.1").get("volumes?limit=1").body().fieldNames()).doesNotContain("continuation_token")
                .contains("more_items_remaining", "total_item_count", "items");
        RestClient.Reply paged = a.version("2.2").get("volumes?limit=1");
        assertThat(paged.body().getString("continuation_token")).isNotNull();
        assertThat(paged.headers().get("x-next-token")).isEqualTo(paged.body().getString("continuation_token"));
    }

    @Test
    void spaceIsDerivedFromWrittenAndProvisionedBytes() {
        a.post("volumes?names=v1,pod1::pv1", json("{\"provisioned\":10737418240}"));
        sim.fleet().setWritten("array-a", "v1", GIB);
        sim.fleet().setWritten("array-a", "pod1::pv1", 2 * GIB);
        a.post("hosts?names=h1,h2", null);
        a.post("host-groups?names=g1", null);
        a.post("host-groups/hosts?group_names=g1&member_names=h2", null);
        a.post("connections?host_names=h1&volume_names=v1", null);
        a.post("connections?host_group_names=g1&volume_names=pod1::pv1", null);

        JsonObject vol = a.get("volumes?names=v1").item(0).getJsonObject("space");
        assertThat(vol.getLong("total_used")).isEqualTo(GIB);
        assertThat(vol.getLong("total_physical")).isEqualTo(GIB);
        assertThat(vol.getLong("virtual")).isEqualTo(GIB);
        assertThat(vol.getLong("unique")).isEqualTo(GIB);
        assertThat(vol.getLong("total_provisioned")).isEqualTo(10 * GIB);
        assertThat(vol.getDouble("thin_provisioning")).isEqualTo(0.9);
        assertThat(vol.getDouble("total_reduction")).isEqualTo(10.0);
        assertThat(vol.getDouble("data_reduction")).isEqualTo(1.0);
        assertThat(vol.getLong("snapshots")).isZero();
        assertThat(vol.getMap()).containsEntry("shared", null).containsEntry("system", null).containsEntry("footprint", null)
                .containsEntry("used_provisioned", null).containsEntry("total_effective", null);
        JsonObject fresh = a.post("volumes?names=v3", null).item(0).getJsonObject("space");
        assertThat(fresh.getMap()).as("no ratio before the first write").containsEntry("total_reduction", null);

        JsonObject h1 = a.get("hosts?names=h1").item(0).getJsonObject("space");
        assertThat(h1.getLong("total_provisioned")).isEqualTo(10 * GIB);
        assertThat(h1.getLong("total_used")).isEqualTo(GIB);
        JsonObject h2 = a.get("hosts?names=h2").item(0).getJsonObject("space");
        assertThat(h2.getLong("total_used")).as("through its host group").isEqualTo(2 * GIB);
        JsonObject g1 = a.get("host-groups?names=g1").item(0).getJsonObject("space");
        assertThat(g1.getLong("total_used")).isEqualTo(2 * GIB);
        assertThat(g1.getLong("total_provisioned")).isEqualTo(10 * GIB);

        JsonObject pod = a.get("pods?names=pod1").item(0);
        assertThat(pod.getJsonObject("space").getLong("used_provisioned")).isEqualTo(10 * GIB);
        assertThat(pod.getJsonObject("space").getLong("footprint")).isEqualTo(2 * GIB);
        assertThat(pod.getLong("footprint")).isEqualTo(2 * GIB);
        assertThat(pod.getJsonObject("space").getLong("replication")).as("synchronous replication has no backlog").isZero();

        JsonObject array = a.get("arrays").item(0).getJsonObject("space");
        assertThat(array.getLong("total_used")).isEqualTo(3 * GIB);
        assertThat(array.getLong("total_provisioned")).isEqualTo(20 * GIB + 1048576);
        assertThat(array.getLong("replication")).isZero();
        assertThat(array.getMap()).containsEntry("system", null).containsEntry("footprint", null);
    }

    @Test
    void arraysReportTheirTimeZoneAndEradicationDelays() {
        JsonObject array = a.get("arrays").item(0);
        assertThat(array.getString("time_zone")).isEqualTo(clock.getZone().getId());
        assertThat(array.getMap()).containsEntry("ntp_symmetric_key", null);
        JsonObject eradication = array.getJsonObject("eradication_config");
        long delay = sim.config().eradicationDelay().toMillis();
        assertThat(eradication.getLong("eradication_delay")).isEqualTo(delay);
        assertThat(eradication.getLong("disabled_delay")).isEqualTo(delay);
        assertThat(eradication.getLong("enabled_delay")).isEqualTo(delay);
    }
}
