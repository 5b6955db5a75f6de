package dev.mooring.flasharray.sim.api;

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

import java.util.List;
import java.util.Locale;

/**
 * Turns domain objects into FlashArray REST 2.x items (snake_case, unset references as objects with null
 * members). Called with the fleet's monitor held.
 */
public final class Renderer {
    private final SimulatedFleet fleet;

    public Renderer(SimulatedFleet fleet) {
        this.fleet = fleet;
    }

    public static JsonObject ref(String name, String id) {
        return new JsonObject().put("name", name).put("id", id);
    }

    public static JsonObject nameRef(String name) {
        return new JsonObject().put("name", name);
    }

    public JsonObject volume(Volume v, SimArray a) {
        long written = v.written();
        long prov = v.provisioned();
        Pod pod = v.pod();
        String promotion = pod == null ? "promoted" : pod.promotionStatus();
        return new JsonObject()
                .put("id", v.id())
                .put("name", v.fullName())
                .put("serial", v.serial())
                .put("provisioned", prov)
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
                .put("space", new JsonObject()
                        .put("virtual", written)
                        .put("unique", written)
                        .put("snapshots", 0)
                        .put("shared", null)
                        .put("system", null)
                        .put("total_physical", written)
                        .put("total_provisioned", prov)
                        .put("data_reduction", 1.0)
                        .put("thin_provisioning", prov == 0 ? 0.0 : 1.0 - (double) written / prov)
                        .put("total_reduction", 1.0)
                        .put("total_used", written));
    }

    public JsonObject host(Host h) {
        JsonArray preferred = new JsonArray();
        for (String p : h.preferredArrays()) {
            preferred.add(ref(p, fleet.array(p).id()));
        }
        long used = 0;
        return new JsonObject()
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
                        .put("status", h.iqns().isEmpty() && h.wwns().isEmpty() && h.nqns().isEmpty() ? "critical" : "healthy")
                        .put("details", h.iqns().isEmpty() && h.wwns().isEmpty() && h.nqns().isEmpty() ? "No initiators." : ""))
                .put("space", new JsonObject().put("total_used", used).put("total_provisioned", 0))
                .put("vlan", "any")
                .put("destroyed", false)
                .put("time_remaining", null);
    }

    public JsonObject hostGroup(HostGroup g) {
        return new JsonObject()
                .put("name", g.name())
                .put("host_count", g.hosts().size())
                .put("connection_count", g.connectionCount())
                .put("is_local", true)
                .put("qos", new JsonObject().put("bandwidth_limit", null).put("iops_limit", null))
                .put("space", new JsonObject().put("total_used", 0).put("total_provisioned", 0))
                .put("destroyed", false)
                .put("time_remaining", null);
    }

    public JsonObject connectionRow(Host h, Connection c) {
        return new JsonObject()
                .put("host", nameRef(h == null ? null : h.name()))
                .put("host_group", nameRef(c.group() == null ? null : c.group().name()))
                .put("volume", ref(c.volume().fullName(), c.volume().id()))
                .put("lun", c.lun())
                .put("nsid", null)
                .put("protocol_endpoint", ref(null, null));
    }

    public JsonArray podArrays(Pod pod, String viewer) {
        JsonArray arr = new JsonArray();
        for (PodStatus s : fleet.podStatuses(pod, viewer)) {
            arr.add(podStatus(s));
        }
        return arr;
    }

    public static JsonObject podStatus(PodStatus s) {
        return new JsonObject()
                .put("id", s.arrayId())
                .put("name", s.arrayName())
                .put("status", s.status())
                .put("mediator_status", s.mediatorStatus())
                .put("pre_elected", s.preElected())
                .put("frozen_at", s.frozenAt())
                .put("progress", s.progress());
    }

    public JsonObject pod(Pod p, SimArray viewer) {
        JsonArray prefs = new JsonArray();
        for (String f : p.failoverPreferences()) {
            prefs.add(ref(f, fleet.array(f).id()));
        }
        JsonArray members = new JsonArray();
        for (String m : p.memberNames()) {
            members.add(new JsonObject().put("name", m).put("id", fleet.array(m).id()).put("resource_type", "arrays"));
        }
        long used = 0;
        long prov = 0;
        for (Volume v : p.volumes()) {
            used += v.written();
            if (!v.destroyed()) {
                prov += v.provisioned();
            }
        }
        return new JsonObject()
                .put("id", p.id())
                .put("name", p.name())
                .put("destroyed", p.destroyed())
                .put("time_remaining", p.destroyed() ? fleet.timeRemaining(p.destroyedAt()) : null)
                .put("array_count", p.memberNames().size())
                .put("mediator", p.mediator())
                .put("mediator_version", "1.0")
                .put("source", ref(null, null))
                .put("failover_preferences", prefs)
                .put("promotion_status", p.promotionStatus())
                .put("requested_promotion_state", p.promotionStatus())
                .put("quota_limit", p.quotaLimit())
                .put("link_source_count", 0)
                .put("link_target_count", 0)
                .put("eradication_config", new JsonObject().put("manual_eradication", "all-enabled"))
                .put("realm", p.realm() == null ? ref(null, null) : ref(p.realm().name(), p.realm().id()))
                .put("arrays", podArrays(p, viewer.name()))
                .put("members", members)
                .put("space", new JsonObject()
                        .put("total_used", used)
                        .put("unique", used)
                        .put("snapshots", 0)
                        .put("total_physical", used)
                        .put("total_provisioned", prov)
                        .put("virtual", used)
                        .put("data_reduction", 1.0));
    }

    public JsonObject realm(Realm r, SimArray a) {
        long used = 0;
        long prov = 0;
        for (Pod p : fleet.podsOfRealm(a.name(), r)) {
            for (Volume v : p.volumes()) {
                used += v.written();
                prov += v.destroyed() ? 0 : v.provisioned();
            }
        }
        return new JsonObject()
                .put("id", r.id())
                .put("name", r.name())
                .put("created", r.created())
                .put("destroyed", false)
                .put("time_remaining", null)
                .put("quota_limit", null)
                .put("members", new JsonArray().add(new JsonObject().put("name", a.name()).put("id", a.id()).put("resource_type", "arrays")))
                .put("arrays", new JsonArray().add(new JsonObject().put("id", a.id()).put("name", a.name())
                        .put("status", a.up() ? "online" : "offline")
                        .put("mediator_status", a.mediatorReachable() ? "online" : "unreachable")
                        .put("pre_elected", false).put("frozen_at", null).put("progress", null)))
                .put("qos", new JsonObject().put("bandwidth_limit", null).put("iops_limit", null)
                        .put("bandwidth_floor", null).put("iops_floor", null))
                .put("mediator", fleet.config().mediator().name())
                .put("failover_preferences", new JsonArray())
                .put("isolation_status", "no-isolation")
                .put("space", new JsonObject().put("total_used", used).put("total_provisioned", prov));
    }

    private JsonObject arraySpace(SimArray a) {
        long used = fleet.usedBytes(a.name());
        long prov = fleet.provisionedBytes(a.name());
        return new JsonObject()
                .put("data_reduction", 1.0)
                .put("shared", 0)
                .put("snapshots", 0)
                .put("system", 0)
                .put("thin_provisioning", prov == 0 ? 0.0 : Math.max(0.0, 1.0 - (double) used / prov))
                .put("total_physical", used)
                .put("total_provisioned", prov)
                .put("total_reduction", 1.0)
                .put("unique", used)
                .put("virtual", used)
                .put("replication", 0)
                .put("total_used", used);
    }

    public JsonObject array(SimArray a) {
        long delay = fleet.config().eradicationDelay().toMillis();
        return new JsonObject()
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
                .put("encryption", new JsonObject()
                        .put("data_at_rest", new JsonObject().put("enabled", true).put("algorithm", "AES-256-CTR"))
                        .put("module_version", "FA-1.3"))
                .put("eradication_config", new JsonObject().put("eradication_delay", delay).put("manual_eradication", "all-enabled"))
                .put("_as_of", fleet.now());
    }

    public JsonObject arraySpaceItem(SimArray a) {
        return new JsonObject()
                .put("id", a.id())
                .put("name", a.name())
                .put("capacity", a.config().capacity())
                .put("capacity_installed", a.config().capacity())
                .put("parity", 1.0)
                .put("time", fleet.now())
                .put("space", arraySpace(a));
    }

    public List<JsonObject> ports(SimArray a) {
        ArrayConfig c = a.config();
        List<JsonObject> out = new java.util.ArrayList<>();
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

    private static JsonObject port(String name, String iqn, String nqn, String portal, String wwn) {
        return new JsonObject().put("name", name).put("iqn", iqn).put("nqn", nqn).put("portal", portal)
                .put("wwn", wwn).put("failover", null);
    }

    public List<JsonObject> networkInterfaces(SimArray a, String bindHost) {
        ArrayConfig c = a.config();
        List<JsonObject> out = new java.util.ArrayList<>();
        out.add(eth("ct0.eth0", bindHost, List.of("management"), 1_000_000_000L, 1500));
        out.add(eth("ct1.eth0", bindHost, List.of("management"), 1_000_000_000L, 1500));
        for (IscsiPort p : c.iscsiPorts()) {
            out.add(eth(p.name().toLowerCase(Locale.ROOT), host(p.portal()), List.of("iscsi"), 25_000_000_000L, 9000));
        }
        for (NvmePort p : c.nvmePorts()) {
            out.add(eth(p.name().toLowerCase(Locale.ROOT), host(p.portal()), List.of("nvme-tcp"), 25_000_000_000L, 9000));
        }
        for (FcPort p : c.fcPorts()) {
            out.add(new JsonObject().put("name", p.name()).put("enabled", true).put("interface_type", "fc")
                    .put("speed", 32_000_000_000L).put("services", new JsonArray().add("scsi-fc"))
                    .put("eth", null).put("fc", new JsonObject().put("wwn", p.wwn())));
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

    private static JsonObject eth(String name, String address, List<String> services, long speed, int mtu) {
        String mac = String.format("24:a9:37:%02x:%02x:%02x", name.hashCode() & 0xff, (name.hashCode() >> 8) & 0xff, (name.hashCode() >> 16) & 0xff);
        return new JsonObject().put("name", name).put("enabled", true).put("interface_type", "eth").put("speed", speed)
                .put("services", new JsonArray(services))
                .put("eth", new JsonObject().put("address", address).put("netmask", "255.255.255.0").put("gateway", null)
                        .put("mtu", mtu).put("mac_address", mac).put("vlan", null).put("subtype", "physical")
                        .put("subnet", nameRef(null)))
                .put("fc", null);
    }

    public List<JsonObject> controllers(SimArray a) {
        return List.of(controller("CT0", "primary", a), controller("CT1", "secondary", a));
    }

    private static JsonObject controller(String name, String mode, SimArray a) {
        return new JsonObject().put("name", name).put("mode", mode).put("mode_since", a.created())
                .put("model", "FA-X70R3").put("status", "ready").put("type", "array_controller")
                .put("version", a.config().purityVersion());
    }
}
