package dev.mooring.flasharray.sim.api;

import dev.mooring.flasharray.sim.api.ArrayApi.Call;
import dev.mooring.flasharray.sim.api.model.ModelCatalog;
import dev.mooring.flasharray.sim.domain.Change;
import dev.mooring.flasharray.sim.domain.Connection;
import dev.mooring.flasharray.sim.domain.DomainException;
import dev.mooring.flasharray.sim.domain.Host;
import dev.mooring.flasharray.sim.domain.HostGroup;
import dev.mooring.flasharray.sim.domain.HostSpec;
import dev.mooring.flasharray.sim.domain.Pod;
import dev.mooring.flasharray.sim.domain.PodStatus;
import dev.mooring.flasharray.sim.domain.PodUpdate;
import dev.mooring.flasharray.sim.domain.Realm;
import dev.mooring.flasharray.sim.domain.SimArray;
import dev.mooring.flasharray.sim.domain.SimulatedFleet;
import dev.mooring.flasharray.sim.domain.Volume;
import dev.mooring.flasharray.sim.domain.VolumeUpdate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The bodies of the REST endpoints; each runs with the fleet's monitor held. */
final class Endpoints {
    private final SimulatedFleet fleet;
    private final ModelCatalog models;
    private final String bindHost;

    Endpoints(SimulatedFleet fleet, ModelCatalog models, String bindHost) {
        this.fleet = fleet;
        this.models = models;
        this.bindHost = bindHost;
    }

    /** The renderer of one call, shaping items to the call's REST version. */
    private Renderer render(Call c) {
        return new Renderer(fleet, models.at(c.version()));
    }

    // ------------------------------------------------------------------ selection helpers

    /**
     * The objects named by {@code names} (or found by {@code ids}); every one must exist, else 400 "… does not
     * exist." with the name as context. Null when neither parameter is given and {@code required} is false.
     */
    private <T> List<T> select(Call c, String kind, boolean required, boolean idsAllowed,
                               Function<String, T> byName, Function<String, T> byId) {
        return selectParams(c, "names", idsAllowed ? "ids" : null, kind, required, byName, byId);
    }

    private <T> List<T> selectParams(Call c, String namesParam, String idsParam, String kind, boolean required,
                                     Function<String, T> byName, Function<String, T> byId) {
        List<String> names = Params.list(c.params(), namesParam);
        List<String> ids = idsParam == null ? null : Params.list(c.params(), idsParam);
        if (names != null && ids != null) {
            throw ApiError.badRequest(namesParam, "Specify " + namesParam + " or " + idsParam + ", not both.");
        }
        if (names == null && ids == null) {
            if (required) {
                throw ApiError.badRequest(namesParam, "Missing required parameter " + namesParam + (idsParam == null ? "" : " or " + idsParam) + ".");
            }
            return null;
        }
        JsonArray errors = new JsonArray();
        LinkedHashMap<Object, T> out = new LinkedHashMap<>();
        List<String> keys = names != null ? names : ids;
        for (String k : keys) {
            T t = names != null ? byName.apply(k) : byId.apply(k);
            if (t == null) {
                errors.add(ApiError.error(k, kind + " does not exist."));
            } else {
                out.putIfAbsent(t, t);
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiError(400, errors);
        }
        return new ArrayList<>(out.values());
    }

    /** Runs an action for each target, collecting DomainExceptions; 400 with all errors if any failed. */
    private static <T> JsonObject each(List<T> targets, Function<T, List<JsonObject>> action) {
        JsonArray items = new JsonArray();
        JsonArray errors = new JsonArray();
        for (T t : targets) {
            try {
                List<JsonObject> r = action.apply(t);
                if (r != null) {
                    r.forEach(items::add);
                }
            } catch (DomainException e) {
                errors.add(ApiError.error(e.context(), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiError(400, errors);
        }
        return ListQuery.envelope(items);
    }

    private SimArray array(Call c) {
        return fleet.array(c.array());
    }

    // ------------------------------------------------------------------ volumes

    JsonObject getVolumes(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        ListQuery q = ListQuery.parse(c.params());
        Boolean destroyed = Params.optionalBool(c.params(), "destroyed");
        List<Volume> vols = select(c, "Volume", false, true,
                n -> matchDestroyed(fleet.volume(a.name(), n), destroyed), id -> matchDestroyed(fleet.volumeById(a.name(), id), destroyed));
        if (vols == null) {
            vols = fleet.volumes(a.name());
            if (destroyed != null) {
                vols.removeIf(v -> v.destroyed() != destroyed);
            }
        }
        if (Params.bool(c.params().get("total_only"), "total_only")) {
            long prov = 0;
            long used = 0;
            for (Volume v : vols) {
                prov += v.provisioned();
                used += v.written();
            }
            JsonObject total = new JsonObject().put("provisioned", prov).put("space", new JsonObject()
                    .put("total_used", used).put("unique", used).put("virtual", used).put("total_physical", used)
                    .put("total_provisioned", prov).put("snapshots", 0));
            return ListQuery.envelope(new JsonArray()).put("total", new JsonArray().add(total));
        }
        List<Row> rows = new ArrayList<>(vols.size());
        for (Volume v : vols) {
            rows.add(new Row(v.seq(), render.volume(v, a)));
        }
        return q.apply(rows);
    }

    private static Volume matchDestroyed(Volume v, Boolean destroyed) {
        return v == null || destroyed == null || v.destroyed() == destroyed ? v : null;
    }

    JsonObject postVolumes(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        List<String> names = Params.list(c.params(), "names");
        if (names == null) {
            throw ApiError.badRequest("names", "Missing required parameter names.");
        }
        Long provisioned = Body.optLong(c.body(), "provisioned");
        JsonObject qos = Body.optObject(c.body(), "qos");
        Change<Long> bw = Body.qos(qos, "bandwidth_limit");
        Change<Long> iops = Body.qos(qos, "iops_limit");
        JsonObject source = Body.optObject(c.body(), "source");
        String sourceName = source == null ? null : Body.optString(source, "name");
        boolean overwrite = Params.bool(c.params().get("overwrite"), "overwrite");
        Volume src;
        if (sourceName != null) {
            src = fleet.volume(a.name(), sourceName);
            if (src == null) {
                throw ApiError.badRequest(sourceName, "No such volume or snapshot.");
            }
        } else {
            src = null;
        }
        return each(names, name -> {
            Volume v = src == null
                    ? fleet.createVolume(a.name(), name, provisioned, bw, iops)
                    : fleet.cloneVolume(a.name(), name, src, provisioned, overwrite);
            return List.of(render.volume(v, a));
        });
    }

    JsonObject patchVolumes(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        List<Volume> vols = select(c, "Volume", true, true, n -> fleet.volume(a.name(), n), id -> fleet.volumeById(a.name(), id));
        boolean truncate = Params.bool(c.params().get("truncate"), "truncate");
        JsonObject b = c.body();
        String name = Body.optString(b, "name");
        if (name != null && vols.size() > 1) {
            throw ApiError.badRequest("name", "A rename needs exactly one volume.");
        }
        JsonObject qos = Body.optObject(b, "qos");
        VolumeUpdate u = new VolumeUpdate(name, Body.optLong(b, "provisioned"), Body.optBool(b, "destroyed"),
                Body.qos(qos, "bandwidth_limit"), Body.qos(qos, "iops_limit"));
        JsonObject pod = Body.optObject(b, "pod");
        String podName = pod == null ? null : Body.optString(pod, "name");
        return each(vols, v -> {
            if (pod != null) {
                String current = v.pod() == null ? null : v.pod().name();
                boolean same = podName == null ? current == null : current != null && current.equalsIgnoreCase(podName);
                if (!same) {
                    throw new DomainException(v.fullName(), "Moving a volume between pods is not supported by the simulator.");
                }
            }
            fleet.updateVolume(a.name(), v, u, truncate);
            return List.of(render.volume(v, a));
        });
    }

    JsonObject deleteVolumes(Call c) {
        SimArray a = array(c);
        List<Volume> vols = select(c, "Volume", true, true, n -> fleet.volume(a.name(), n), id -> fleet.volumeById(a.name(), id));
        each(vols, v -> {
            fleet.eradicateVolume(a.name(), v);
            return null;
        });
        return null;
    }

    // ------------------------------------------------------------------ hosts

    JsonObject getHosts(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        ListQuery q = ListQuery.parse(c.params());
        List<Host> hosts = select(c, "Host", false, false, n -> fleet.host(a.name(), n), null);
        if (hosts == null) {
            hosts = fleet.hosts(a.name());
        }
        List<Row> rows = new ArrayList<>();
        for (Host h : hosts) {
            rows.add(new Row(h.seq(), render.host(h, a)));
        }
        return q.apply(rows);
    }

    private static HostSpec hostSpec(JsonObject b, boolean patch) {
        JsonObject chap = Body.optObject(b, "chap");
        Change<String> group = null;
        if (patch && b.containsKey("host_group")) {
            Object g = b.getValue("host_group");
            if (g == null) {
                group = Change.unset();
            } else if (g instanceof JsonObject go) {
                String n = Body.optString(go, "name");
                group = n == null || n.isEmpty() ? Change.unset() : Change.to(n);
            } else {
                throw ApiError.badRequest("host_group", "Field host_group must be an object like {\"name\":\"hg1\"}.");
            }
        }
        return new HostSpec(patch ? Body.optString(b, "name") : null,
                Body.optStrings(b, "iqns"), Body.optStrings(b, "wwns"), Body.optStrings(b, "nqns"),
                patch ? Body.optStrings(b, "add_iqns") : null, patch ? Body.optStrings(b, "remove_iqns") : null,
                patch ? Body.optStrings(b, "add_wwns") : null, patch ? Body.optStrings(b, "remove_wwns") : null,
                patch ? Body.optStrings(b, "add_nqns") : null, patch ? Body.optStrings(b, "remove_nqns") : null,
                Body.optChange(b, "personality"), group, Body.optRefNames(b, "preferred_arrays"),
                Body.optChange(chap, "host_user"), Body.optChange(chap, "host_password"),
                Body.optChange(chap, "target_user"), Body.optChange(chap, "target_password"));
    }

    JsonObject postHosts(Call c) {
        SimArray a = array(c);
        List<String> names = Params.list(c.params(), "names");
        if (names == null) {
            throw ApiError.badRequest("names", "Missing required parameter names.");
        }
        HostSpec spec = hostSpec(c.body(), false);
        return each(names, n -> List.of(render(c).host(fleet.createHost(a.name(), n, spec), a)));
    }

    JsonObject patchHosts(Call c) {
        SimArray a = array(c);
        List<Host> hosts = select(c, "Host", true, false, n -> fleet.host(a.name(), n), null);
        HostSpec spec = hostSpec(c.body(), true);
        if (spec.rename() != null && hosts.size() > 1) {
            throw ApiError.badRequest("name", "A rename needs exactly one host.");
        }
        return each(hosts, h -> List.of(render(c).host(fleet.updateHost(a.name(), h, spec), a)));
    }

    JsonObject deleteHosts(Call c) {
        SimArray a = array(c);
        List<Host> hosts = select(c, "Host", true, false, n -> fleet.host(a.name(), n), null);
        each(hosts, h -> {
            fleet.deleteHost(a.name(), h);
            return null;
        });
        return null;
    }

    // ------------------------------------------------------------------ host groups

    JsonObject getHostGroups(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        ListQuery q = ListQuery.parse(c.params());
        List<HostGroup> groups = select(c, "Host group", false, false, n -> fleet.hostGroup(a.name(), n), null);
        if (groups == null) {
            groups = fleet.hostGroups(a.name());
        }
        List<Row> rows = new ArrayList<>();
        for (HostGroup g : groups) {
            rows.add(new Row(g.seq(), render.hostGroup(g, a)));
        }
        return q.apply(rows);
    }

    JsonObject postHostGroups(Call c) {
        SimArray a = array(c);
        List<String> names = Params.list(c.params(), "names");
        if (names == null) {
            throw ApiError.badRequest("names", "Missing required parameter names.");
        }
        return each(names, n -> List.of(render(c).hostGroup(fleet.createHostGroup(a.name(), n), a)));
    }

    JsonObject patchHostGroups(Call c) {
        SimArray a = array(c);
        List<HostGroup> groups = select(c, "Host group", true, false, n -> fleet.hostGroup(a.name(), n), null);
        String name = Body.optString(c.body(), "name");
        if (name != null && groups.size() > 1) {
            throw ApiError.badRequest("name", "A rename needs exactly one host group.");
        }
        return each(groups, g -> {
            if (name != null) {
                fleet.renameHostGroup(a.name(), g, name);
            }
            return List.of(render(c).hostGroup(g, a));
        });
    }

    JsonObject deleteHostGroups(Call c) {
        SimArray a = array(c);
        List<HostGroup> groups = select(c, "Host group", true, false, n -> fleet.hostGroup(a.name(), n), null);
        each(groups, g -> {
            fleet.deleteHostGroup(a.name(), g);
            return null;
        });
        return null;
    }

    JsonObject getHostGroupHosts(Call c) {
        SimArray a = array(c);
        ListQuery q = ListQuery.parse(c.params());
        List<HostGroup> groups = selectParams(c, "group_names", null, "Host group", false, n -> fleet.hostGroup(a.name(), n), null);
        List<Host> hosts = selectParams(c, "member_names", null, "Host", false, n -> fleet.host(a.name(), n), null);
        Renderer render = render(c);
        List<Row> rows = new ArrayList<>();
        for (HostGroup g : groups == null ? fleet.hostGroups(a.name()) : groups) {
            long k = 0;
            for (Host h : g.hosts()) {
                if (hosts == null || hosts.contains(h)) {
                    rows.add(new Row((g.seq() << 20) + k++, render.membership(g, h)));
                }
            }
        }
        return q.apply(rows);
    }

    private HostGroup oneGroup(Call c, SimArray a) {
        List<HostGroup> groups = selectParams(c, "group_names", null, "Host group", true, n -> fleet.hostGroup(a.name(), n), null);
        if (groups.size() != 1) {
            throw ApiError.badRequest("group_names", "Specify exactly one host group in group_names.");
        }
        return groups.get(0);
    }

    JsonObject postHostGroupHosts(Call c) {
        SimArray a = array(c);
        HostGroup g = oneGroup(c, a);
        List<Host> hosts = selectParams(c, "member_names", null, "Host", true, n -> fleet.host(a.name(), n), null);
        fleet.addHostsToGroup(a.name(), g, hosts);
        JsonArray items = new JsonArray();
        Renderer render = render(c);
        hosts.forEach(h -> items.add(render.membership(g, h)));
        return ListQuery.envelope(items);
    }

    JsonObject deleteHostGroupHosts(Call c) {
        SimArray a = array(c);
        HostGroup g = oneGroup(c, a);
        List<Host> hosts = selectParams(c, "member_names", null, "Host", true, n -> fleet.host(a.name(), n), null);
        fleet.removeHostsFromGroup(a.name(), g, hosts);
        return null;
    }

    // ------------------------------------------------------------------ connections

    JsonObject getConnections(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        ListQuery q = ListQuery.parse(c.params());
        List<Host> hosts = selectParams(c, "host_names", null, "Host", false, n -> fleet.host(a.name(), n), null);
        List<HostGroup> groups = selectParams(c, "host_group_names", null, "Host group", false, n -> fleet.hostGroup(a.name(), n), null);
        List<Volume> vols = selectParams(c, "volume_names", "volume_ids", "Volume", false,
                n -> fleet.volume(a.name(), n), id -> fleet.volumeById(a.name(), id));
        Set<Host> hostSet = hosts == null ? null : new HashSet<>(hosts);
        Set<HostGroup> groupSet = groups == null ? null : new HashSet<>(groups);
        Set<Volume> volSet = vols == null ? null : new HashSet<>(vols);
        List<Row> rows = new ArrayList<>();
        for (Connection conn : fleet.connections(a.name())) {
            if (volSet != null && !volSet.contains(conn.volume())) {
                continue;
            }
            if (conn.group() == null) {
                if (groupSet != null || hostSet != null && !hostSet.contains(conn.host())) {
                    continue;
                }
                rows.add(new Row(conn.seq() << 16, render.connectionRow(conn.host(), conn)));
            } else {
                if (groupSet != null && !groupSet.contains(conn.group())) {
                    continue;
                }
                long k = 0;
                for (Host h : conn.group().hosts()) {
                    if (hostSet == null || hostSet.contains(h)) {
                        rows.add(new Row((conn.seq() << 16) + k, render.connectionRow(h, conn)));
                    }
                    k++;
                }
            }
        }
        return q.apply(rows);
    }

    private record Targets(List<Host> hosts, List<HostGroup> groups, List<Volume> volumes) {
    }

    private Targets connectionTargets(Call c, SimArray a) {
        boolean byHost = c.params().contains("host_names");
        boolean byGroup = c.params().contains("host_group_names");
        if (byHost == byGroup) {
            throw ApiError.badRequest("host_names", "Specify exactly one of host_names or host_group_names.");
        }
        boolean byVolName = c.params().contains("volume_names");
        boolean byVolId = c.params().contains("volume_ids");
        if (byVolName == byVolId) {
            throw ApiError.badRequest("volume_names", "Specify exactly one of volume_names or volume_ids.");
        }
        List<Host> hosts = byHost ? selectParams(c, "host_names", null, "Host", true, n -> fleet.host(a.name(), n), null) : null;
        List<HostGroup> groups = byGroup ? selectParams(c, "host_group_names", null, "Host group", true, n -> fleet.hostGroup(a.name(), n), null) : null;
        List<Volume> vols = selectParams(c, "volume_names", "volume_ids", "Volume", true,
                n -> fleet.volume(a.name(), n), id -> fleet.volumeById(a.name(), id));
        return new Targets(hosts, groups, vols);
    }

    JsonObject postConnections(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        Targets t = connectionTargets(c, a);
        Integer lun = Body.optInt(c.body(), "lun");
        int pairs = (t.hosts != null ? t.hosts.size() : t.groups.size()) * t.volumes.size();
        if (lun != null && pairs > 1) {
            throw ApiError.badRequest("lun", "A LUN can be given only when connecting one volume to one host or host group.");
        }
        List<Object[]> work = new ArrayList<>();
        for (Object holder : t.hosts != null ? t.hosts : t.groups) {
            for (Volume v : t.volumes) {
                work.add(new Object[]{holder, v});
            }
        }
        return each(work, w -> {
            Volume v = (Volume) w[1];
            if (w[0] instanceof Host h) {
                Connection conn = fleet.connectHost(a.name(), h, v, lun);
                return List.of(render.connectionRow(h, conn));
            }
            HostGroup g = (HostGroup) w[0];
            Connection conn = fleet.connectHostGroup(a.name(), g, v, lun);
            List<JsonObject> rows = new ArrayList<>();
            for (Host h : g.hosts()) {
                rows.add(render.connectionRow(h, conn));
            }
            return rows;
        });
    }

    JsonObject deleteConnections(Call c) {
        SimArray a = array(c);
        Targets t = connectionTargets(c, a);
        List<Object[]> work = new ArrayList<>();
        for (Object holder : t.hosts != null ? t.hosts : t.groups) {
            for (Volume v : t.volumes) {
                work.add(new Object[]{holder, v});
            }
        }
        each(work, w -> {
            if (w[0] instanceof Host h) {
                fleet.disconnectHost(a.name(), h, (Volume) w[1]);
            } else {
                fleet.disconnectHostGroup(a.name(), (HostGroup) w[0], (Volume) w[1]);
            }
            return null;
        });
        return null;
    }

    // ------------------------------------------------------------------ pods

    JsonObject getPods(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        ListQuery q = ListQuery.parse(c.params());
        Boolean destroyed = Params.optionalBool(c.params(), "destroyed");
        List<Pod> pods = select(c, "Pod", false, true,
                n -> matchDestroyed(fleet.pod(a.name(), n), destroyed), id -> matchDestroyed(fleet.podById(a.name(), id), destroyed));
        if (pods == null) {
            pods = fleet.pods(a.name());
            if (destroyed != null) {
                pods.removeIf(p -> p.destroyed() != destroyed);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Pod p : pods) {
            rows.add(new Row(p.seq(), render.pod(p, a)));
        }
        return q.apply(rows);
    }

    private static Pod matchDestroyed(Pod p, Boolean destroyed) {
        return p == null || destroyed == null || p.destroyed() == destroyed ? p : null;
    }

    JsonObject postPods(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        List<String> names = Params.list(c.params(), "names");
        if (names == null) {
            throw ApiError.badRequest("names", "Missing required parameter names.");
        }
        if (Body.optObject(c.body(), "source") != null) {
            throw ApiError.badRequest("source", "Cloning pods is not supported by the simulator.");
        }
        List<String> prefs = Body.optRefNames(c.body(), "failover_preferences");
        Long quota = Body.optLong(c.body(), "quota_limit");
        return each(names, n -> List.of(render.pod(fleet.createPod(a.name(), n, prefs, quota), a)));
    }

    JsonObject patchPods(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        List<Pod> pods = select(c, "Pod", true, true, n -> fleet.pod(a.name(), n), id -> fleet.podById(a.name(), id));
        JsonObject b = c.body();
        String name = Body.optString(b, "name");
        if (name != null && pods.size() > 1) {
            throw ApiError.badRequest("name", "A rename needs exactly one pod.");
        }
        Change<Long> quota = null;
        if (b.containsKey("quota_limit")) {
            Long q = Body.optLong(b, "quota_limit");
            quota = q == null ? Change.unset() : Change.to(q);
        }
        PodUpdate u = new PodUpdate(name, Body.optBool(b, "destroyed"), Body.optString(b, "mediator"),
                Body.optRefNames(b, "failover_preferences"), quota, Body.optString(b, "requested_promotion_state"));
        boolean destroyContents = Params.bool(c.params().get("destroy_contents"), "destroy_contents");
        return each(pods, p -> List.of(render.pod(fleet.updatePod(a.name(), p, u, destroyContents), a)));
    }

    JsonObject deletePods(Call c) {
        SimArray a = array(c);
        List<Pod> pods = select(c, "Pod", true, true, n -> fleet.pod(a.name(), n), id -> fleet.podById(a.name(), id));
        boolean eradicateContents = Params.bool(c.params().get("eradicate_contents"), "eradicate_contents");
        each(pods, p -> {
            fleet.eradicatePod(a.name(), p, eradicateContents);
            return null;
        });
        return null;
    }

    // ------------------------------------------------------------------ pods/arrays (2.1+, deprecated from 2.36), pods/members (2.36+)

    private List<Row> podMemberRows(Call c, SimArray a, String podParam, String podKey, boolean includeRealmPods) {
        List<Pod> pods = selectParams(c, podParam, podParam.equals("group_names") ? "group_ids" : "pod_ids", "Pod", false,
                n -> fleet.pod(a.name(), n), id -> fleet.podById(a.name(), id));
        List<String> members = Params.list(c.params(), "member_names");
        if (members != null) {
            for (String m : members) {
                if (!fleet.hasArray(m)) {
                    throw ApiError.badRequest(m, "Array does not exist.");
                }
            }
        }
        Renderer render = render(c);
        List<Row> rows = new ArrayList<>();
        for (Pod p : pods == null ? fleet.pods(a.name()) : pods) {
            if (!includeRealmPods && p.realm() != null) {
                continue;
            }
            long k = 0;
            for (PodStatus s : fleet.podStatuses(p, a.name())) {
                if (members == null || members.contains(s.arrayName())) {
                    // the membership rows carry references only; the arrays' state is in the pod's arrays[]
                    JsonObject row = podKey.equals("group") ? render.podArrayRow(p, s) : render.podMemberRow(p, s);
                    rows.add(new Row((p.seq() << 8) + k, row));
                }
                k++;
            }
        }
        return rows;
    }

    private JsonObject stretch(Call c, String podParam, String podKey, boolean add) {
        SimArray a = array(c);
        List<Pod> pods = selectParams(c, podParam, podParam.equals("group_names") ? "group_ids" : "pod_ids", "Pod", true,
                n -> fleet.pod(a.name(), n), id -> fleet.podById(a.name(), id));
        List<String> members = Params.list(c.params(), "member_names");
        if (members == null || members.isEmpty()) {
            throw ApiError.badRequest("member_names", "Missing required parameter member_names.");
        }
        if (pods.size() != 1) {
            throw ApiError.badRequest(podParam, "Specify exactly one pod in " + podParam + ".");
        }
        Pod p = pods.get(0);
        BiFunction<Pod, String, Pod> op = add ? (pod, m) -> fleet.stretchPod(a.name(), pod, m) : (pod, m) -> fleet.unstretchPod(a.name(), pod, m);
        for (String m : members) {
            op.apply(p, m);
        }
        if (!add) {
            return null;
        }
        JsonArray items = new JsonArray();
        for (Row r : podMemberRows(c, a, podParam, podKey, true)) {
            if (r.item().getJsonObject(podKey).getString("id").equals(p.id())) {
                items.add(r.item());
            }
        }
        return ListQuery.envelope(items);
    }

    JsonObject getPodArrays(Call c) {
        ListQuery q = ListQuery.parse(c.params());
        return q.apply(podMemberRows(c, array(c), "group_names", "group", false));
    }

    JsonObject postPodArrays(Call c) {
        return stretch(c, "group_names", "group", true);
    }

    JsonObject deletePodArrays(Call c) {
        return stretch(c, "group_names", "group", false);
    }

    JsonObject getPodMembers(Call c) {
        ListQuery q = ListQuery.parse(c.params());
        return q.apply(podMemberRows(c, array(c), "pod_names", "pod", true));
    }

    JsonObject postPodMembers(Call c) {
        return stretch(c, "pod_names", "pod", true);
    }

    JsonObject deletePodMembers(Call c) {
        return stretch(c, "pod_names", "pod", false);
    }

    // ------------------------------------------------------------------ array information

    private static JsonObject list(Call c, List<JsonObject> items) {
        ListQuery q = ListQuery.parse(c.params());
        List<String> names = Params.list(c.params(), "names");
        List<Row> rows = new ArrayList<>();
        long k = 0;
        for (JsonObject o : items) {
            if (names == null || names.stream().anyMatch(n -> n.equalsIgnoreCase(o.getString("name")))) {
                rows.add(new Row(k, o));
            }
            k++;
        }
        if (names != null) {
            JsonArray errors = new JsonArray();
            for (String n : names) {
                if (items.stream().noneMatch(o -> n.equalsIgnoreCase(o.getString("name")))) {
                    errors.add(ApiError.error(n, "Object does not exist."));
                }
            }
            if (!errors.isEmpty()) {
                throw new ApiError(400, errors);
            }
        }
        return q.apply(rows);
    }

    JsonObject getArrays(Call c) {
        Renderer render = render(c);
        return list(c, List.of(render.array(array(c))));
    }

    JsonObject getArraySpace(Call c) {
        Renderer render = render(c);
        return list(c, List.of(render.arraySpaceItem(array(c))));
    }

    JsonObject getPorts(Call c) {
        Renderer render = render(c);
        return list(c, render.ports(array(c)));
    }

    JsonObject getNetworkInterfaces(Call c) {
        Renderer render = render(c);
        return list(c, render.networkInterfaces(array(c), bindHost));
    }

    JsonObject getControllers(Call c) {
        Renderer render = render(c);
        return list(c, render.controllers(array(c)));
    }

    JsonObject getRealms(Call c) {
        Renderer render = render(c);
        SimArray a = array(c);
        ListQuery q = ListQuery.parse(c.params());
        List<Realm> realms = select(c, "Realm", false, true, n -> fleet.realm(a.name(), n),
                id -> fleet.realms(a.name()).stream().filter(r -> r.id().equals(id)).findFirst().orElse(null));
        if (realms == null) {
            realms = fleet.realms(a.name());
        }
        List<Row> rows = new ArrayList<>();
        for (Realm r : realms) {
            rows.add(new Row(r.seq(), render.realm(r, a)));
        }
        return q.apply(rows);
    }
}
