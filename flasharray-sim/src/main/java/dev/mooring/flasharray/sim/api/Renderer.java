package dev.mooring.flasharray.sim.api;

import dev.mooring.flasharray.sim.api.model.Shaper;
import dev.mooring.flasharray.sim.config.ArrayConfig;
import dev.mooring.flasharray.sim.config.FcPort;
import dev.mooring.flasharray.sim.config.IscsiPort;
import dev.mooring.flasharray.sim.config.NvmePort;
import dev.mooring.flasharray.sim.domain.Connection;
import dev.mooring.flasharray.sim.domain.Host;
import dev.mooring.flasharray.sim.domain.HostGroup;
import dev.mooring.flasharray.sim.domain.Pod;
import dev.mooring.flasharray.sim.domain.PodStatus;
import dev.mooring.flasharray.sim.domain.Realm;
import dev.mooring.flasharray.sim.domain.SimArray;
import dev.mooring.flasharray.sim.domain.SimulatedFleet;
import dev.mooring.flasharray.sim.domain.Volume;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns domain objects into FlashArray REST 2.x items for one call: each item is rendered with every field its model
 * has had (unset references as objects with null members, unknown values as null) and then shaped to the model of the
 * call's REST version. Called with the fleet's monitor held; one instance per call.
 */
final class Renderer {
    private final SimulatedFleet fleet;
    private final Shaper shaper;
    private Map<Host, Set<Volume>> hostVolumes;
    private Map<HostGroup, Set<Volume>> groupVolumes;

    Renderer(SimulatedFleet fleet, Shaper shaper) {
        this.fleet = fleet;
        this.shaper = shaper;
    }

    static JsonObject ref(String name, String id) {
        return new JsonObject().put("name", name).put("id", id);
    }

    static JsonObject nameRef(String name) {
        return new JsonObject().put("name", name);
    }

    static JsonObject typedRef(String name, String id, String resourceType) {
        return new JsonObject().put("name", name).put("id", id).put("resource_type", resourceType);
    }

    // ------------------------------------------------------------------ volumes

    JsonObject volume(Volume v, SimArray a) {
        Pod pod = v.pod();
        String promotion = pod == null ? "promoted" : pod.promotionStatus();
        return shaper.shape("volume", new JsonObject()
                .put("id", v.id())
                .put("name", v.fullName())
                .put("serial", v.serial())
                .put("provisioned", v.provisioned())
                .put("created", v.created())
                .put("destroyed", v.destroyed())
                .put("time_remaining", v.destroyed() ? fleet.timeRemaining(v.destroyedAt()) : null)
                .put("connection_count", a.connectionCount(v))
                .put("pod", pod == null ? ref(null, null) : ref(pod.name(), pod.id()))
                .put("volume_group", ref(null, null))
                .put("source", ref(null, null))
                .put("subtype", "regular")
                .put("host_encryption_key_status", "none")
                .put("qos", new JsonObject().put("bandwidth_limit", v.bandwidthLimit()).put("iops_limit", v.iopsLimit()))
                .put("promotion_status", promotion)
                .put("requested_promotion_state", promotion)
                .put("priority", 0)
                .put("priority_adjustment", new JsonObject().put("priority_adjustment_operator", "+").put("priority_adjustment_value", 0))
                // a regular volume has no protocol-endpoint properties
                .put("protocol_endpoint", new JsonObject().put("container_version", null))
                .put("space", SpaceFigures.volume(v.written(), v.provisioned())));
    }

    // ------------------------------------------------------------------ hosts, host groups, connections

    JsonObject host(Host h, SimArray a) {
        JsonArray preferred = new JsonArray();
        for (String p : h.preferredArrays()) {
            preferred.add(ref(p, fleet.array(p).id()));
        }
        boolean noInitiators = h.iqns().isEmpty() && h.wwns().isEmpty() && h.nqns().isEmpty();
        return shaper.shape("host", new JsonObject()
                .put("name", h.name())
                .put("iqns", new JsonArray(List.copyOf(h.iqns())))
                .put("wwns", new JsonArray(List.copyOf(h.wwns())))
                .put("nqns", new JsonArray(List.copyOf(h.nqns())))
                .put("personality", h.personality())
                .put("host_group", nameRef(h.group() == null ? null : h.group().name()))
                .put("connection_count", h.connectionCount())
                .put("is_local", true)
                .put("preferred_arrays", preferred)
                .put("chap", new JsonObject()
                        .put("host_user", h.chapHostUser())
                        .put("host_password", h.chapHostPasswordSet() ? "****" : null)
                        .put("target_user", h.chapTargetUser())
                        .put("target_password", h.chapTargetPasswordSet() ? "****" : null))
                .put("port_connectivity", new JsonObject()
                        .put("status", noInitiators ? "critical" : "healthy")
                        .put("details", noInitiators ? "No initiators." : ""))
                .put("space", connectedSpace(volumesOf(a).hosts.getOrDefault(h, Set.of())))
                .put("vlan", "any")
                .put("destroyed", false)
                .put("time_remaining", null));
    }

    JsonObject hostGroup(HostGroup g, SimArray a) {
        return shaper.shape("host_group", new JsonObject()
                .put("name", g.name())
                .put("host_count", g.hosts().size())
                .put("connection_count", g.connectionCount())
                .put("is_local", true)
                .put("space", connectedSpace(volumesOf(a).groups.getOrDefault(g, Set.of())))
                .put("destroyed", false)
                .put("time_remaining", null));
    }

    JsonObject membership(HostGroup g, Host h) {
        return shaper.shape("member_no_id_all", new JsonObject().put("group", nameRef(g.name())).put("member", nameRef(h.name())));
    }

    JsonObject connectionRow(Host h, Connection c) {
        return shaper.shape("connection", new JsonObject()
                .put("host", nameRef(h == null ? null : h.name()))
                .put("host_group", nameRef(c.group() == null ? null : c.group().name()))
                .put("volume", ref(c.volume().fullName(), c.volume().id()))
                .put("lun", c.lun())
                .put("nsid", null)
                .put("protocol_endpoint", ref(null, null)));
    }

    private record Connected(Map<Host, Set<Volume>> hosts, Map<HostGroup, Set<Volume>> groups) {
    }

    /** Which volumes each host and host group of the array sees, computed once per call. */
    private Connected volumesOf(SimArray a) {
        if (hostVolumes == null) {
            hostVolumes = new HashMap<>();
            groupVolumes = new HashMap<>();
            for (Connection c : a.connections()) {
                if (c.group() == null) {
                    hostVolumes.computeIfAbsent(c.host(), k -> new LinkedHashSet<>()).add(c.volume());
                } else {
                    groupVolumes.computeIfAbsent(c.group(), k -> new LinkedHashSet<>()).add(c.volume());
                    for (Host member : c.group().hosts()) {
                        hostVolumes.computeIfAbsent(member, k -> new LinkedHashSet<>()).add(c.volume());
                    }
                }
            }
        }
        return new Connected(hostVolumes, groupVolumes);
    }

    private static JsonObject connectedSpace(Set<Volume> volumes) {
        long written = 0;
        long provisioned = 0;
        for (Volume v : volumes) {
            written += v.written();
            provisioned += v.provisioned();
        }
        return SpaceFigures.connected(written, provisioned);
    }

    // ------------------------------------------------------------------ pods

    private JsonObject podStatus(PodStatus s) {
        return new JsonObject()
                .put("id", s.arrayId())
                .put("name", s.arrayName())
                .put("member", typedRef(s.arrayName(), s.arrayId(), "arrays"))
                .put("status", s.status())
                .put("mediator_status", s.mediatorStatus())
                .put("pre_elected", s.preElected())
                .put("frozen_at", s.frozenAt())
                .put("progress", s.progress());
    }

    JsonObject pod(Pod p, SimArray viewer) {
        JsonArray prefs = new JsonArray();
        for (String f : p.failoverPreferences()) {
            prefs.add(ref(f, fleet.array(f).id()));
        }
        JsonArray members = new JsonArray();
        for (String m : p.memberNames()) {
            members.add(typedRef(m, fleet.array(m).id(), "arrays"));
        }
        JsonArray arrays = new JsonArray();
        for (PodStatus s : fleet.podStatuses(p, viewer.name())) {
            arrays.add(podStatus(s));
        }
        long written = 0;
        long provisioned = 0;
        for (Volume v : p.volumes()) {
            written += v.written();
            provisioned += v.destroyed() ? 0 : v.provisioned();
        }
        return shaper.shape("pod", new JsonObject()
                .put("id", p.id())
                .put("name", p.name())
                .put("destroyed", p.destroyed())
                .put("time_remaining", p.destroyed() ? fleet.timeRemaining(p.destroyedAt()) : null)
                .put("array_count", p.memberNames().size())
                .put("mediator", p.mediator())
                // the simulated Mediator has no version to report
                .put("mediator_version", null)
                .put("source", ref(null, null))
                .put("failover_preferences", prefs)
                .put("promotion_status", p.promotionStatus())
                .put("requested_promotion_state", p.promotionStatus())
                .put("quota_limit", p.quotaLimit())
                .put("link_source_count", 0)
                .put("link_target_count", 0)
                .put("eradication_config", new JsonObject().put("manual_eradication", "all-enabled"))
                .put("arrays", arrays)
                .put("members", members)
                .put("footprint", written)
                .put("space", SpaceFigures.pod(written, provisioned)));
    }

    /** A row of {@code pods/arrays}: the pod as {@code group}, one of its arrays as {@code member}. */
    JsonObject podArrayRow(Pod p, PodStatus s) {
        return shaper.shape("member", new JsonObject()
                .put("group", ref(p.name(), p.id()))
                .put("member", ref(s.arrayName(), s.arrayId())));
    }

    /** A row of {@code pods/members}: both sides say what they are. */
    JsonObject podMemberRow(Pod p, PodStatus s) {
        return shaper.shape("pod_member", new JsonObject()
                .put("pod", typedRef(p.name(), p.id(), "pods"))
                .put("member", typedRef(s.arrayName(), s.arrayId(), "arrays")));
    }

    JsonObject realm(Realm r, SimArray a) {
        long written = 0;
        long provisioned = 0;
        for (Pod p : fleet.podsOfRealm(a.name(), r)) {
            for (Volume v : p.volumes()) {
                written += v.written();
                provisioned += v.destroyed() ? 0 : v.provisioned();
            }
        }
        return shaper.shape("realm", new JsonObject()
                .put("id", r.id())
                .put("name", r.name())
                .put("created", r.created())
                .put("destroyed", false)
                .put("time_remaining", null)
                .put("quota_limit", null)
                .put("eradication_config", new JsonObject().put("manual_eradication", "all-enabled"))
                .put("qos", new JsonObject().put("bandwidth_limit", null).put("iops_limit", null))
                .put("space", SpaceFigures.realm(written, provisioned)));
    }

    // ------------------------------------------------------------------ array information

    private JsonObject arraySpace(SimArray a) {
        return SpaceFigures.array(fleet.usedBytes(a.name()), fleet.provisionedBytes(a.name()));
    }

    JsonObject array(SimArray a) {
        long delay = fleet.config().eradicationDelay().toMillis();
        return shaper.shape("array", new JsonObject()
                .put("id", a.id())
                .put("name", a.name())
                .put("os", "Purity//FA")
                .put("version", a.config().purityVersion())
                .put("capacity", a.config().capacity())
                .put("parity", 1.0)
                .put("space", arraySpace(a))
                .put("idle_timeout", fleet.config().sessionTtl().toMillis())
                .put("scsi_timeout", 60000)
                .put("banner", "")
                .put("console_lock_enabled", false)
                .put("ntp_servers", new JsonArray())
                // no NTP key is configured (a configured one would read "****")
                .put("ntp_symmetric_key", null)
                .put("time_zone", fleet.clock().getZone().getId())
                .put("encryption", new JsonObject()
                        .put("data_at_rest", new JsonObject().put("enabled", true).put("algorithm", "AES-256-CTR"))
                        .put("module_version", "FA-1.3"))
                // one delay applies to every destroyed object, so both specific delays equal it
                .put("eradication_config", new JsonObject().put("eradication_delay", delay).put("disabled_delay", delay)
                        .put("enabled_delay", delay).put("manual_eradication", "all-enabled"))
                .put("_as_of", fleet.now()));
    }

    JsonObject arraySpaceItem(SimArray a) {
        return shaper.shape("array_space", new JsonObject()
                .put("id", a.id())
                .put("name", a.name())
                .put("capacity", a.config().capacity())
                .put("parity", 1.0)
                .put("time", fleet.now())
                .put("space", arraySpace(a)));
    }

    List<JsonObject> ports(SimArray a) {
        ArrayConfig c = a.config();
        List<JsonObject> out = new ArrayList<>();
        for (IscsiPort p : c.iscsiPorts()) {
            out.add(port(p.name(), p.iqn(), null, p.portal(), null));
        }
        for (NvmePort p : c.nvmePorts()) {
            out.add(port(p.name(), null, c.nvmeNqn(), p.portal(), null));
        }
        for (FcPort p : c.fcPorts()) {
            out.add(port(p.name(), null, null, null, p.wwn()));
        }
        return out;
    }

    private JsonObject port(String name, String iqn, String nqn, String portal, String wwn) {
        return shaper.shape("port", new JsonObject().put("name", name).put("iqn", iqn).put("nqn", nqn).put("portal", portal)
                .put("wwn", wwn).put("failover", null));
    }

    List<JsonObject> networkInterfaces(SimArray a, String bindHost) {
        ArrayConfig c = a.config();
        List<JsonObject> out = new ArrayList<>();
        out.add(eth("ct0.eth0", bindHost, List.of("management"), 1_000_000_000L, 1500));
        out.add(eth("ct1.eth0", bindHost, List.of("management"), 1_000_000_000L, 1500));
        for (IscsiPort p : c.iscsiPorts()) {
            out.add(eth(p.name().toLowerCase(Locale.ROOT), host(p.portal()), List.of("iscsi"), 25_000_000_000L, 9000));
        }
        for (NvmePort p : c.nvmePorts()) {
            out.add(eth(p.name().toLowerCase(Locale.ROOT), host(p.portal()), List.of("nvme-tcp"), 25_000_000_000L, 9000));
        }
        for (FcPort p : c.fcPorts()) {
            out.add(shaper.shape("network_interface", new JsonObject().put("name", p.name()).put("enabled", true)
                    .put("interface_type", "fc").put("speed", 32_000_000_000L).put("services", new JsonArray().add("scsi-fc"))
                    .put("eth", null).put("fc", new JsonObject().put("wwn", p.wwn()))));
        }
        return out;
    }

    private static String host(String portal) {
        if (portal == null) {
            return null;
        }
        if (portal.startsWith("[")) {
            return portal.substring(1, portal.indexOf(']'));
        }
        int colon = portal.lastIndexOf(':');
        return colon < 0 ? portal : portal.substring(0, colon);
    }

    private JsonObject eth(String name, String address, List<String> services, long speed, int mtu) {
        String mac = String.format("24:a9:37:%02x:%02x:%02x", name.hashCode() & 0xff, (name.hashCode() >> 8) & 0xff, (name.hashCode() >> 16) & 0xff);
        return shaper.shape("network_interface", new JsonObject().put("name", name).put("enabled", true)
                .put("interface_type", "eth").put("speed", speed)
                .put("services", new JsonArray(services))
                .put("eth", new JsonObject().put("address", address).put("netmask", "255.255.255.0").put("gateway", null)
                        .put("mtu", mtu).put("mac_address", mac).put("vlan", null).put("subtype", "physical")
                        .put("subnet", nameRef(null)).put("subinterfaces", new JsonArray()))
                .put("fc", null));
    }

    List<JsonObject> controllers(SimArray a) {
        return List.of(controller("CT0", "primary", a), controller("CT1", "secondary", a));
    }

    private JsonObject controller(String name, String mode, SimArray a) {
        return shaper.shape("controller", new JsonObject().put("name", name).put("mode", mode).put("mode_since", a.created())
                .put("model", "FA-X70R3").put("status", "ready").put("type", "array_controller")
                .put("version", a.config().purityVersion()));
    }
}
