package dev.mooring.flasharray.sim.config;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One simulated FlashArray. Build with {@link #named(String)} (every other field gets a sensible default)
 * and the {@code with…} methods.
 */
public record ArrayConfig(
        String name,
        String id,
        int port,
        String purityVersion,
        List<String> restVersions,
        long capacity,
        List<ApiToken> apiTokens,
        List<IscsiPort> iscsiPorts,
        List<FcPort> fcPorts,
        String nvmeNqn,
        List<NvmePort> nvmePorts,
        List<String> realms) {

    public static final String DEFAULT_PURITY_VERSION = "6.6.11";
    public static final List<String> DEFAULT_REST_VERSIONS = List.of("1.0-1.19", "2.0-2.36");
    /** 10 TiB. */
    public static final long DEFAULT_CAPACITY = 10L * 1024 * 1024 * 1024 * 1024;

    public ArrayConfig {
        restVersions = restVersions == null ? List.of() : List.copyOf(restVersions);
        apiTokens = apiTokens == null ? List.of() : List.copyOf(apiTokens);
        iscsiPorts = iscsiPorts == null ? List.of() : List.copyOf(iscsiPorts);
        fcPorts = fcPorts == null ? List.of() : List.copyOf(fcPorts);
        nvmePorts = nvmePorts == null ? List.of() : List.copyOf(nvmePorts);
        realms = realms == null ? List.of() : List.copyOf(realms);
    }

    /**
     * An array with defaults derived from its name: a stable id, port 0 (a free one), Purity 6.6.11, REST
     * 1.0–1.19 and 2.0–2.36, 10 TiB, one {@code array_admin} token (random), two iSCSI and two FC ports,
     * one NVMe/TCP port, no realms.
     */
    public static ArrayConfig named(String name) {
        String id = UUID.nameUUIDFromBytes(("mooring-sim-array:" + name).getBytes(StandardCharsets.UTF_8)).toString();
        return new ArrayConfig(name, id, 0, DEFAULT_PURITY_VERSION, DEFAULT_REST_VERSIONS, DEFAULT_CAPACITY,
                List.of(new ApiToken(UUID.randomUUID().toString(), "pureuser", ApiToken.ARRAY_ADMIN)),
                null, null, null, null, List.of()).withDefaultPorts();
    }

    /** The 16 hex digits that name this array in its IQN, NQN and volume serials. */
    public String hex16() {
        String hex = id.replace("-", "").toLowerCase(Locale.ROOT);
        return hex.length() >= 16 ? hex.substring(0, 16) : String.format("%-16s", hex).replace(' ', '0');
    }

    /** Fills iSCSI, FC and NVMe ports (and the NQN) derived from the array id where none are configured. */
    public ArrayConfig withDefaultPorts() {
        String hex = hex16();
        String iqn = "iqn.2010-06.com.purestorage:flasharray." + hex;
        List<IscsiPort> iscsi = iscsiPorts.isEmpty()
                ? List.of(new IscsiPort("CT0.ETH4", iqn, "192.0.2.11:3260"), new IscsiPort("CT1.ETH4", iqn, "192.0.2.12:3260"))
                : iscsiPorts;
        String wwnBase = "52:4A:93:7" + hex.substring(0, 1).toUpperCase(Locale.ROOT) + ":"
                + hex.substring(1, 3).toUpperCase(Locale.ROOT) + ":" + hex.substring(3, 5).toUpperCase(Locale.ROOT) + ":"
                + hex.substring(5, 7).toUpperCase(Locale.ROOT) + ":";
        List<FcPort> fc = fcPorts.isEmpty()
                ? List.of(new FcPort("CT0.FC0", wwnBase + "00"), new FcPort("CT1.FC0", wwnBase + "10"))
                : fcPorts;
        String nqn = nvmeNqn == null ? "nqn.2010-06.com.purestorage:flasharray." + hex : nvmeNqn;
        List<NvmePort> nvme = nvmePorts.isEmpty()
                ? List.of(new NvmePort("CT0.ETH14", "192.0.2.21:4420"), new NvmePort("CT1.ETH14", "192.0.2.22:4420"))
                : nvmePorts;
        return new ArrayConfig(name, id, port, purityVersion, restVersions, capacity, apiTokens, iscsi, fc, nqn, nvme, realms);
    }

    public ArrayConfig withId(String newId) {
        return new ArrayConfig(name, newId, port, purityVersion, restVersions, capacity, apiTokens, iscsiPorts, fcPorts, nvmeNqn, nvmePorts, realms);
    }

    public ArrayConfig withPort(int newPort) {
        return new ArrayConfig(name, id, newPort, purityVersion, restVersions, capacity, apiTokens, iscsiPorts, fcPorts, nvmeNqn, nvmePorts, realms);
    }

    public ArrayConfig withPurityVersion(String version) {
        return new ArrayConfig(name, id, port, version, restVersions, capacity, apiTokens, iscsiPorts, fcPorts, nvmeNqn, nvmePorts, realms);
    }

    /** REST versions, each a version ({@code "2.17"}) or a range within one major ({@code "2.0-2.36"}). */
    public ArrayConfig withRestVersions(String... versions) {
        return new ArrayConfig(name, id, port, purityVersion, List.of(versions), capacity, apiTokens, iscsiPorts, fcPorts, nvmeNqn, nvmePorts, realms);
    }

    public ArrayConfig withCapacity(long bytes) {
        return new ArrayConfig(name, id, port, purityVersion, restVersions, bytes, apiTokens, iscsiPorts, fcPorts, nvmeNqn, nvmePorts, realms);
    }

    public ArrayConfig withApiTokens(List<ApiToken> tokens) {
        return new ArrayConfig(name, id, port, purityVersion, restVersions, capacity, tokens, iscsiPorts, fcPorts, nvmeNqn, nvmePorts, realms);
    }

    public ArrayConfig withApiToken(ApiToken token) {
        List<ApiToken> all = new java.util.ArrayList<>(apiTokens);
        all.add(token);
        return withApiTokens(all);
    }

    public ArrayConfig withRealms(String... names) {
        return new ArrayConfig(name, id, port, purityVersion, restVersions, capacity, apiTokens, iscsiPorts, fcPorts, nvmeNqn, nvmePorts, List.of(names));
    }

    public ArrayConfig withIscsiPorts(List<IscsiPort> ports) {
        return new ArrayConfig(name, id, port, purityVersion, restVersions, capacity, apiTokens, ports, fcPorts, nvmeNqn, nvmePorts, realms);
    }

    public ArrayConfig withFcPorts(List<FcPort> ports) {
        return new ArrayConfig(name, id, port, purityVersion, restVersions, capacity, apiTokens, iscsiPorts, ports, nvmeNqn, nvmePorts, realms);
    }

    /** The first {@code array_admin} token, or null. */
    public String firstAdminToken() {
        return apiTokens.stream().filter(t -> ApiToken.ARRAY_ADMIN.equals(t.role())).map(ApiToken::token).findFirst().orElse(null);
    }
}
