package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.flasharray.client.model.Array;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.flasharray.client.model.Host;
import dev.mooring.flasharray.client.model.NetworkInterface;
import dev.mooring.flasharray.client.model.Page;
import dev.mooring.flasharray.client.model.Pod;
import dev.mooring.flasharray.client.model.Port;
import dev.mooring.flasharray.client.model.QoS;
import dev.mooring.flasharray.client.model.Volume;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records read captured-style array JSON, ignore unknown fields and tolerate missing newer ones. */
class ModelJsonTest {

    private final ObjectMapper mapper = FlashArrayClient.newObjectMapper();

    private <T> Page<T> page(String json, Class<T> type) throws Exception {
        JavaType t = mapper.getTypeFactory().constructParametricType(Page.class, type);
        return mapper.readValue(json, t);
    }

    @Test
    void volumeEnvelope() throws Exception {
        String json = """
                {"continuation_token":"Y29udA==","more_items_remaining":true,"total_item_count":null,
                 "items":[{"id":"2d9e916e-2ab5-081f-7ea3-055af0430172","name":"pod1::pvc-abc",
                   "serial":"6C1B16CE1C034D1C00051838","provisioned":21990232555520,"created":1632487951945,
                   "destroyed":false,"time_remaining":null,"connection_count":2,
                   "pod":{"id":"b990","name":"pod1"},"volume_group":{"id":null,"name":null},
                   "source":{"id":null,"name":null},"subtype":"regular","host_encryption_key_status":"none",
                   "qos":{"bandwidth_limit":null,"iops_limit":5000},"promotion_status":"promoted",
                   "requested_promotion_state":"promoted","priority":0,
                   "priority_adjustment":{"priority_adjustment_operator":"+","priority_adjustment_value":0},
                   "space":{"virtual":1,"unique":2,"snapshots":3,"shared":null,"system":null,"total_physical":5,
                            "total_provisioned":6,"data_reduction":2.9,"thin_provisioning":0.93,"total_used":7,
                            "brand_new_field":{"x":1}},
                   "workload":{"id":null},"context":{"name":"array-a"}}],
                 "total":[], "errors":[]}
                """;
        Page<Volume> p = page(json, Volume.class);
        assertThat(p.hasNext()).isTrue();
        assertThat(p.continuationToken()).isEqualTo("Y29udA==");
        Volume v = p.items().get(0);
        assertThat(v.name()).isEqualTo("pod1::pvc-abc");
        assertThat(v.serial()).isEqualTo("6C1B16CE1C034D1C00051838");
        assertThat(v.provisioned()).isEqualTo(21990232555520L);
        assertThat(v.isDestroyed()).isFalse();
        assertThat(v.timeRemaining()).isNull();
        assertThat(v.connectionCount()).isEqualTo(2);
        assertThat(v.podName()).isEqualTo("pod1");
        assertThat(v.volumeGroup().isSet()).isFalse();
        assertThat(v.qos().iopsLimit()).isEqualTo(5000);
        assertThat(v.qos().bandwidthLimit()).isNull();
        assertThat(v.promotionStatus()).isEqualTo("promoted");
        assertThat(v.space().used()).isEqualTo(7);
        assertThat(v.space().dataReduction()).isEqualTo(2.9);
        assertThat(v.deviceIdentity().wwid()).isEqualTo("3624a93706c1b16ce1c034d1c00051838");
    }

    @Test
    void oldVersionsWithoutNewerFields() throws Exception {
        Page<Volume> p = page("{\"items\":[{\"name\":\"v1\",\"serial\":\"6C1B16CE1C034D1C00051839\"}]}", Volume.class);
        Volume v = p.items().get(0);
        assertThat(v.promotionStatus()).isNull();
        assertThat(v.podName()).isNull();
        assertThat(v.isDestroyed()).isFalse();
        assertThat(p.hasNext()).isFalse();
        assertThat(page("{}", Volume.class).items()).isEmpty();
        assertThat(page("{\"items\":[],\"continuation_token\":\"\"}", Volume.class).hasNext()).isFalse();
    }

    @Test
    void hostWithNullListsAndConnectivity() throws Exception {
        Host h = page("""
                {"items":[{"name":"node1","iqns":["iqn.1993-08.org.debian:01:a"],"wwns":null,"nqns":[],
                  "host_group":{"name":null},"connection_count":0,"is_local":true,"personality":null,
                  "port_connectivity":{"status":"healthy","details":""},"preferred_arrays":[{"name":"array-a","id":"1"}]}]}
                """, Host.class).items().get(0);
        assertThat(h.iqns()).containsExactly("iqn.1993-08.org.debian:01:a");
        assertThat(h.wwns()).isEmpty();
        assertThat(h.hostGroupName()).isNull();
        assertThat(h.isLocal()).isTrue();
        assertThat(h.portConnectivity().status()).isEqualTo("healthy");
        assertThat(h.preferredArrays()).extracting("name").containsExactly("array-a");
    }

    @Test
    void podWithArrays() throws Exception {
        Pod pod = page("""
                {"items":[{"id":"b990","name":"p1","destroyed":false,"array_count":2,"mediator":"purestorage",
                 "failover_preferences":[{"name":"array-a"}],"promotion_status":"promoted",
                 "arrays":[{"id":"1","name":"array-a","status":"online","mediator_status":"online","pre_elected":false,
                            "frozen_at":null,"progress":null},
                           {"id":"2","name":"array-b","status":"resyncing","mediator_status":"online","pre_elected":false,
                            "frozen_at":1700000000000,"progress":0.42}],
                 "members":[{"name":"array-b","resource_type":"arrays"}],
                 "eradication_config":{"manual_eradication":"all-enabled"}}]}
                """, Pod.class).items().get(0);
        assertThat(pod.isStretched()).isTrue();
        assertThat(pod.isHealthy()).isFalse();
        assertThat(pod.array("array-b")).hasValueSatisfying(a -> {
            assertThat(a.status()).isEqualTo("resyncing");
            assertThat(a.progress()).isEqualTo(0.42);
            assertThat(a.frozenAt()).isEqualTo(1700000000000L);
        });
        assertThat(pod.failoverPreferences()).extracting("name").containsExactly("array-a");
        assertThat(pod.eradicationConfig().manualEradication()).isEqualTo("all-enabled");
    }

    @Test
    void connectionsPortsInterfacesArray() throws Exception {
        Connection c = page("""
                {"items":[{"host":{"name":"h1"},"host_group":{"name":"hg"},"volume":{"id":"6a86","name":"v1"},
                 "lun":254,"nsid":null,"protocol_endpoint":{"id":null,"name":null}}]}""", Connection.class).items().get(0);
        assertThat(c.hostName()).isEqualTo("h1");
        assertThat(c.isShared()).isTrue();
        assertThat(c.lun()).isEqualTo(254);

        Page<Port> ports = page("""
                {"items":[{"name":"CT0.ETH4","iqn":"iqn.2010-06.com.purestorage:flasharray.7b1b42b9580af8aa","nqn":null,"portal":"192.168.29.133:3260","wwn":null,"failover":null},
                          {"name":"CT0.ETH14","iqn":null,"nqn":"nqn.2010-06.com.purestorage:flasharray.7b1b42b9580af8aa","portal":"192.168.27.140:4420","wwn":null,"failover":null},
                          {"name":"CT0.FC0","iqn":null,"nqn":null,"portal":null,"wwn":"52:4A:93:71:AF:4E:82:00","failover":null}]}""", Port.class);
        assertThat(ports.items()).extracting(Port::isIscsi).containsExactly(true, false, false);
        assertThat(ports.items()).extracting(Port::isNvme).containsExactly(false, true, false);
        assertThat(ports.items()).extracting(Port::isFc).containsExactly(false, false, true);

        NetworkInterface ni = page("""
                {"items":[{"name":"ct0.eth4","enabled":true,"interface_type":"eth","speed":25000000000,
                 "services":["iscsi"],"eth":{"address":"192.168.29.133","netmask":"255.255.255.0","gateway":null,
                 "mtu":9000,"mac_address":"24:a9:37:00:00:01","vlan":null,"subtype":"physical","subnet":{"name":null}},"fc":null}]}
                """, NetworkInterface.class).items().get(0);
        assertThat(ni.hasService("iscsi")).isTrue();
        assertThat(ni.eth().mtu()).isEqualTo(9000);

        Array a = page("""
                {"items":[{"id":"6c1b16ce-1c03-4d1c-9f0a-5f0a4b3c2d1e","name":"array-a","os":"Purity//FA","version":"6.6.10",
                 "capacity":1000,"parity":1.0,"idle_timeout":3600000,"scsi_timeout":60000,"ntp_servers":null,
                 "encryption":{"data_at_rest":{"enabled":true,"algorithm":"AES-256-CTR"}},
                 "eradication_config":{"eradication_delay":86400000,"manual_eradication":"all-enabled"}}]}""", Array.class)
                .items().get(0);
        assertThat(a.idleTimeout()).isEqualTo(3600000L);
        assertThat(a.encryption().dataAtRest().enabled()).isTrue();
        assertThat(a.eradicationConfig().eradicationDelay()).isEqualTo(86400000L);
        assertThat(a.ntpServers()).isEmpty();
    }

    @Test
    void requestBodiesAreSnakeCaseWithoutNulls() throws Exception {
        assertThat(mapper.writeValueAsString(Map.of("qos", QoS.iops(500))))
                .isEqualTo("{\"qos\":{\"iops_limit\":500}}");
        assertThat(mapper.writeValueAsString(QoS.limits(1048576L, 1000L)))
                .isEqualTo("{\"bandwidth_limit\":1048576,\"iops_limit\":1000}");
    }
}
