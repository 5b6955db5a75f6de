package dev.mooring.flasharray.sim.it;

import dev.mooring.flasharray.sim.api.model.FieldDef;
import dev.mooring.flasharray.sim.api.model.ModelCatalog;
import dev.mooring.flasharray.sim.config.RestVersions;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table-driven, per endpoint: at every REST version the endpoint exists in, each item of the answer carries exactly
 * the fields its response model has at that version (nested objects and lists of objects included), as the model
 * definitions in {@code flasharray-models/} list them.
 */
class ResponseModelsIT extends SimulatorFixture {
    private static final ModelCatalog MODELS = ModelCatalog.standard();
    private final AtomicInteger unique = new AtomicInteger();

    @Override
    protected SimulatorConfig config() {
        return super.config().withArray("array-a", x -> x.withRealms("tenant1"));
    }

    /** Something of every kind, so that no listing is empty: volumes in and out of a pod, a host group, connections. */
    @BeforeEach
    void populate() {
        ok(a.post("volumes?names=v1,pod1::pv1", json("{\"provisioned\":10737418240}")));
        sim.fleet().setWritten("array-a", "v1", 1L << 30);
        ok(a.post("hosts?names=h1,h2", json("{\"iqns\":[]}")));
        ok(a.patch("hosts?names=h1", json("{\"iqns\":[\"iqn.2024-01.com.example:h1\"],\"wwns\":[\"21000024FF3A4F1C\"]}")));
        ok(a.post("host-groups?names=hg1", null));
        ok(a.post("host-groups/hosts?group_names=hg1&member_names=h2", null));
        ok(a.post("connections?host_names=h1&volume_names=v1", null));
        ok(a.post("connections?host_group_names=hg1&volume_names=pod1::pv1", null));
        ok(a.post("pods?names=tenant1::tp", null));
    }

    @ParameterizedTest(name = "GET {0} items are {1}")
    @CsvSource(textBlock = """
            volumes,                 volume,           2.0
            hosts,                   host,             2.0
            host-groups,             host_group,       2.0
            host-groups/hosts,       member_no_id_all, 2.0
            connections,             connection,       2.0
            pods,                    pod,              2.1
            pods/arrays,             member,           2.1
            pods/members,            pod_member,       2.36
            arrays,                  array,            2.2
            arrays/space,            array_space,      2.2
            ports,                   port,             2.2
            controllers,             controller,       2.2
            network-interfaces,      network_interface, 2.4
            realms,                  realm,            2.36
            """)
    void listingsCarryExactlyTheModelOfEachVersion(String endpoint, String model, String since) {
        int checked = 0;
        for (String version : versionsFrom(since)) {
            RestClient.Reply r = a.version(version).get(endpoint);
            assertThat(r.status()).as("GET %s at %s", endpoint, version).isEqualTo(200);
            assertThat(r.items()).as("GET %s at %s has items to check", endpoint, version).isNotEmpty();
            for (Object item : r.items()) {
                assertModel(endpoint + "@" + version, model, RestVersions.key(version), item);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(versionsFrom(since).size());
    }

    @ParameterizedTest(name = "{0} {1} answers {2}")
    @CsvSource(delimiter = '|', textBlock = """
            POST  | volumes?names=mv%d                                   | {"provisioned":1048576}       | volume           | 2.0
            PATCH | volumes?names=v1                                     | {"provisioned":10737418240}   | volume           | 2.0
            POST  | hosts?names=mh%d                                     | {}                            | host             | 2.0
            PATCH | hosts?names=h2                                       | {"personality":null}          | host             | 2.0
            POST  | host-groups?names=mg%d                               | {}                            | host_group       | 2.0
            POST  | host-groups/hosts?group_names=hg1&member_names=mj%d  | -                             | member_no_id_all | 2.0
            POST  | connections?host_names=h2&volume_names=mc%d          | -                             | connection       | 2.0
            POST  | pods?names=mp%d                                      | {}                            | pod              | 2.1
            PATCH | pods?names=pod1                                      | {"failover_preferences":[]}   | pod              | 2.1
            POST  | pods/arrays?group_names=ms%d&member_names=array-b    | -                             | member           | 2.1
            POST  | pods/members?pod_names=ms%d&member_names=array-b     | -                             | pod_member       | 2.36
            """)
    void changesAnswerWithTheModelOfEachVersion(String method, String pathPattern, String body, String model, String since) {
        for (String version : List.of(since, "2.17", "2.35", "2.36")) {
            if (RestVersions.key(version) < RestVersions.key(since)) {
                continue;
            }
            String path = prepare(pathPattern);
            RestClient c = a.version(version);
            JsonObject json = body.equals("-") ? null : json(body);
            RestClient.Reply r = method.equals("POST") ? c.post(path, json) : c.patch(path, json);
            assertThat(r.status()).as("%s %s at %s: %s", method, path, version, r.body()).isEqualTo(200);
            assertThat(r.items()).isNotEmpty();
            for (Object item : r.items()) {
                assertModel(method + " " + path + "@" + version, model, RestVersions.key(version), item);
            }
        }
    }

    /** Creates what a change names with {@code %d} (hosts to add to a group, volumes to connect, pods to stretch). */
    private String prepare(String pattern) {
        if (!pattern.contains("%d")) {
            return pattern;
        }
        int n = unique.incrementAndGet();
        String path = pattern.replace("%d", String.valueOf(n));
        if (pattern.startsWith("host-groups/hosts")) {
            ok(a.version(RestClient.VERSION).post("hosts?names=mj" + n, null));
        } else if (pattern.startsWith("connections")) {
            ok(a.version(RestClient.VERSION).post("volumes?names=mc" + n, null));
        } else if (pattern.startsWith("pods/")) {
            ok(a.version(RestClient.VERSION).post("pods?names=ms" + n, null));
        }
        return path;
    }

    private static List<String> versionsFrom(String since) {
        List<String> out = new ArrayList<>();
        for (int v = RestVersions.key(since); v <= MODELS.newest(); v++) {
            out.add(RestVersions.format(v));
        }
        return out;
    }

    /** The item has exactly the model's fields at the version; nested objects (when not null) likewise. */
    static void assertModel(String where, String model, int version, Object value) {
        if (value == null) {
            return;
        }
        assertThat(value).as("%s is a %s object", where, model).isInstanceOf(JsonObject.class);
        JsonObject o = (JsonObject) value;
        List<String> expected = new ArrayList<>();
        for (FieldDef f : MODELS.model(model).fieldsAt(version)) {
            expected.add(f.name());
        }
        assertThat(o.fieldNames()).as("fields of %s (%s at %s)", where, model, RestVersions.format(version))
                .containsExactlyInAnyOrderElementsOf(expected);
        for (FieldDef f : MODELS.model(model).fieldsAt(version)) {
            if (!f.isObject()) {
                continue;
            }
            Object v = o.getValue(f.name());
            if (f.list()) {
                assertThat(v).as("%s.%s is a list", where, f.name()).isInstanceOf(JsonArray.class);
                for (Object e : (JsonArray) v) {
                    assertModel(where + "." + f.name() + "[]", f.nested(), version, e);
                }
            } else {
                assertModel(where + "." + f.name(), f.nested(), version, v);
            }
        }
    }

    private static void ok(RestClient.Reply r) {
        assertThat(r.status()).as("setup call: %s", r.body()).isEqualTo(200);
    }
}
