package dev.mooring.agent.support;

import dev.mooring.agent.domain.Wwids;
import dev.mooring.flasharray.client.ApiToken;
import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.TlsTrust;
import dev.mooring.flasharray.client.model.Connection;
import dev.mooring.flasharray.client.model.Port;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.request.HostCreate;
import dev.mooring.flasharray.client.request.Initiators;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.FlashArraySimulator;
import dev.mooring.testing.SimulatorResource;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The SAN side of a test, arranged on the simulator over its REST API as attach-svc would: the node's host on each
 * array, volumes, connections, and the publish context attach-svc would write into the VolumeAttachment.
 */
public final class San {

    private static final Duration T = Duration.ofSeconds(30);
    public static final String HOST = "mooring-test-node";

    private final Map<String, FlashArrayClient> arrays = new LinkedHashMap<>();
    private final List<String[]> connections = new ArrayList<>();

    public San(Vertx vertx) {
        FlashArraySimulator sim = SimulatorResource.simulator();
        for (String name : sim.arrayNames()) {
            arrays.put(name, FlashArrayClient.builder().vertx(vertx).endpoint(sim.endpoint(name))
                    .apiToken(ApiToken.of(sim.apiToken(name))).trust(TlsTrust.pem(sim.certificatePem())).build());
            FlashArrayClient c = arrays.get(name);
            if (c.hosts().find(HOST).await().atMost(T).isEmpty()) {
                c.hosts().create(HostCreate.named(HOST).withInitiators(new Initiators(
                        List.of(SimulatedNodeResource.IQN), null, null))).await().atMost(T);
            }
        }
    }

    public FlashArrayClient array(String name) {
        return arrays.get(name);
    }

    /** A new volume on array-a, connected to the node's host there. */
    public Volume volumeOnA(long bytes) {
        String name = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        Volume v = arrays.get("array-a").volumes().create(VolumeCreate.of(name, bytes)).await().atMost(T);
        connect("array-a", v.name());
        return v;
    }

    /** A new volume in the stretched pod pod1 (on both arrays, one serial), connected on both. */
    public Volume stretchedVolume(long bytes) {
        String name = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        Volume v = arrays.get("array-a").volumes().create(VolumeCreate.of(name, bytes).inPod("pod1")).await()
                .atMost(T);
        connect("array-a", v.name());
        connect("array-b", v.name());
        return v;
    }

    public Connection connect(String array, String volume) {
        connections.add(new String[] {array, volume});
        return arrays.get(array).connections().connectHost(HOST, volume).await().atMost(T);
    }

    public void disconnect(String array, String volume) {
        arrays.get(array).connections().disconnectHost(HOST, volume).await().atMost(T);
    }

    /** Detaches every volume this fixture connected, as attach-svc does once the kubelet has unstaged. */
    public void disconnectAll() {
        for (String[] c : connections) {
            if (arrays.get(c[0]).connections().find(HOST, c[1]).await().atMost(T).isPresent()) {
                disconnect(c[0], c[1]);
            }
        }
        connections.clear();
    }

    public void resize(String volume, long bytes) {
        arrays.get("array-a").volumes().resize(volume, bytes).await().atMost(T);
    }

    /** The array's iSCSI target IQN. */
    public String iscsiIqn(String array) {
        return arrays.get(array).ports().listAll().await().atMost(T).stream().filter(Port::isIscsi).findFirst()
                .orElseThrow().iqn();
    }

    /** attach-svc's VolumeAttachment metadata for the volume through the given arrays. */
    public Map<String, String> publishContext(Volume v, String... through) {
        Map<String, String> m = new LinkedHashMap<>();
        String wwid = Wwids.ofSerial(v.serial());
        m.put("serial", v.serial().toLowerCase());
        m.put("wwid", wwid);
        m.put("devicePath", "/dev/mapper/" + wwid);
        m.put("arrays", String.join(",", through));
        for (String array : through) {
            FlashArrayClient c = arrays.get(array);
            Connection conn = c.connections().find(HOST, v.name()).await().atMost(T).orElseThrow();
            List<Port> iscsi = c.ports().listAll().await().atMost(T).stream().filter(Port::isIscsi).toList();
            m.put(array + ".host", HOST);
            m.put(array + ".protocol", "iscsi");
            m.put(array + ".lun", Integer.toString(conn.lun()));
            m.put(array + ".targetIqn", iscsi.get(0).iqn());
            m.put(array + ".portals", String.join(",", iscsi.stream().map(Port::portal).toList()));
        }
        return m;
    }

    /** The AttachmentView JSON attach-svc lists for an Attached volume with this publish context. */
    public static String attachmentJson(String volumeId, Map<String, String> ctx) {
        List<String> paths = new ArrayList<>();
        for (String array : ctx.get("arrays").split(",")) {
            paths.add("{\"array\":\"" + array + "\",\"host\":\"" + HOST + "\",\"protocol\":\"iscsi\",\"lun\":"
                    + ctx.get(array + ".lun") + ",\"targetIqn\":\"" + ctx.get(array + ".targetIqn")
                    + "\",\"portals\":[\"" + ctx.get(array + ".portals").replace(",", "\",\"")
                    + "\"],\"state\":\"up\"}");
        }
        return "{\"id\":\"att-" + volumeId + "\",\"volumeId\":\"" + volumeId + "\",\"nodeName\":\""
                + SimulatedNodeResource.NODE + "\",\"state\":\"Attached\",\"paths\":[" + String.join(",", paths)
                + "],\"device\":{\"serial\":\"" + ctx.get("serial") + "\",\"wwid\":\"" + ctx.get("wwid")
                + "\",\"mapperPath\":\"" + ctx.get("devicePath") + "\"}}";
    }
}
