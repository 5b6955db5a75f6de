package dev.mooring.provisioner.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The StorageClass-style parameters of a volume, validated. Field names are the StorageClass's
 * ({@code backend}, {@code pure_fa_pod_name}, {@code max_iops}, {@code max_bandwidth}, {@code repl},
 * {@code zones}, {@code racks}, {@code regions}), so a user can copy them between a StorageClass and a REST
 * request. Without a {@code backend} the volume is pool-backed: its replicas are carved from storage pools.
 */
public record StorageParameters(String backend, Optional<String> podName, Optional<Long> maxIops,
                                Optional<Long> maxBandwidthBytesPerSec, ReplicaRules replicas,
                                Map<String, String> all) {

    public static final String BACKEND = "backend";
    public static final String POD = "pure_fa_pod_name";
    public static final String MAX_IOPS = "max_iops";
    public static final String MAX_BANDWIDTH = "max_bandwidth";

    /** Backends Mooring provisions today. */
    public static final Set<String> SUPPORTED_BACKENDS = Set.of("pure_block");
    /** What a volume without a {@code backend} is recorded as: carved from storage pools, placed by topology. */
    public static final String POOL_BACKEND = "pool";
    /** Backends Portworx knows that Mooring does not provision (yet): named in the refusal. */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("pure_fa_file", "pure_file");
    /** Parameters understood here or by Kubernetes itself and passed through. */
    private static final Set<String> KNOWN = Set.of(BACKEND, POD, MAX_IOPS, MAX_BANDWIDTH,
            "csi.storage.k8s.io/fstype", "fsType", "repl", "zones", "racks", "regions");

    /** Parameters Kubernetes' CSI sidecars define ({@code csi.storage.k8s.io/fstype}, secrets): passed through. */
    public static final String CSI_PREFIX = "csi.storage.k8s.io/";
    public static final String FS_TYPE = "csi.storage.k8s.io/fstype";

    public static final long MIN_IOPS = 100;
    public static final long MAX_IOPS_LIMIT = 100_000_000;
    public static final long MIN_BANDWIDTH = 1L << 20;           // 1 MB/s, FlashArray's floor
    public static final long MAX_BANDWIDTH_LIMIT = 512L << 30;   // 512 GB/s, FlashArray's ceiling

    /**
     * Validates raw parameters; the prefix names them in problems (e.g. {@code parameters.max_iops}).
     *
     * @return the parameters, or the problems found (all of them, not just the first)
     */
    public static Result parse(Map<String, String> raw, String prefix) {
        Map<String, String> params = raw == null ? Map.of() : new TreeMap<>(raw);
        List<FieldProblem> problems = new ArrayList<>();
        String backend = params.get(BACKEND);
        boolean poolBacked = backend == null || backend.isBlank();
        if (poolBacked) {
            // No backend: a pool-backed volume. FlashArray-only parameters make no sense there.
            for (String arrayOnly : List.of(POD, MAX_IOPS, MAX_BANDWIDTH)) {
                if (params.containsKey(arrayOnly)) {
                    problems.add(new FieldProblem(prefix + arrayOnly, "applies to FlashArray volumes only: add backend"
                            + " 'pure_block', or remove it for a pool-backed volume"));
                }
            }
            backend = POOL_BACKEND;
        } else if (KNOWN_UNSUPPORTED.contains(backend)) {
            problems.add(new FieldProblem(prefix + BACKEND, "'" + backend
                    + "' (file storage) is not supported; use 'pure_block'"));
        } else if (!SUPPORTED_BACKENDS.contains(backend)) {
            problems.add(new FieldProblem(prefix + BACKEND, "unknown backend '" + backend + "'; use 'pure_block'"));
        }
        Optional<String> pod = Optional.ofNullable(params.get(POD)).map(String::trim).filter(p -> !p.isEmpty());
        // realm::pod is a well-formed name; whether a pod in a realm may be used is the array side's call
        // (it may not: ActiveCluster pods in a realm are refused as PodInRealm, naming the realm).
        pod.filter(p -> !p.matches("([A-Za-z0-9][-A-Za-z0-9]{0,62}::)?[A-Za-z0-9][-A-Za-z0-9]{0,62}"))
                .ifPresent(p -> problems.add(new FieldProblem(prefix + POD, "'" + p
                        + "' is not a FlashArray pod name (letters, digits and '-', at most 63)")));
        Optional<Long> iops = Optional.empty();
        if (params.containsKey(MAX_IOPS)) {
            try {
                long value = Long.parseLong(params.get(MAX_IOPS).trim());
                if (value < MIN_IOPS || value > MAX_IOPS_LIMIT) {
                    problems.add(new FieldProblem(prefix + MAX_IOPS, "must be between 100 and 100000000 (100M), got "
                            + value));
                } else {
                    iops = Optional.of(value);
                }
            } catch (NumberFormatException e) {
                problems.add(new FieldProblem(prefix + MAX_IOPS, "must be a whole number between 100 and 100000000, got '"
                        + params.get(MAX_IOPS) + "'"));
            }
        }
        Optional<Long> bandwidth = Optional.empty();
        if (params.containsKey(MAX_BANDWIDTH)) {
            try {
                BigInteger value = bandwidthBytes(params.get(MAX_BANDWIDTH));
                if (value.compareTo(BigInteger.valueOf(MIN_BANDWIDTH)) < 0
                        || value.compareTo(BigInteger.valueOf(MAX_BANDWIDTH_LIMIT)) > 0) {
                    problems.add(new FieldProblem(prefix + MAX_BANDWIDTH, "must be between 1M and 512G per second, got '"
                            + params.get(MAX_BANDWIDTH) + "'"));
                } else {
                    bandwidth = Optional.of(value.longValueExact());
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(prefix + MAX_BANDWIDTH, e.getMessage()));
            }
        }
        ReplicaRules replicas = ReplicaRules.parse(params, prefix, problems);
        for (String key : params.keySet()) {
            if (!KNOWN.contains(key) && !key.startsWith(CSI_PREFIX)) {
                problems.add(new FieldProblem(prefix + key, "unknown parameter; Mooring understands backend, "
                        + "max_bandwidth, max_iops, pure_fa_pod_name, repl, zones, racks, regions"));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        return new Result(new StorageParameters(backend, pod, iops, bandwidth, replicas, Map.copyOf(params)),
                List.of());
    }

    /** Whether the volume is carved from storage pools (no {@code backend} given) rather than an array volume. */
    public boolean poolBacked() {
        return POOL_BACKEND.equals(backend);
    }

    /**
     * Bandwidth as Portworx reads {@code max_bandwidth}: {@code 1G} means a gibibyte per second (binary
     * units, as FlashArray's own limits are), and {@code 1Gi} is accepted with the same meaning.
     */
    static BigInteger bandwidthBytes(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("must be a bandwidth such as 100M or 1G");
        }
        String value = raw.trim();
        String normalised = value.matches("^[0-9.]+[KMGT]$") ? value + "i" : value.replaceAll("^([0-9.]+)k$", "$1Ki");
        try {
            return Quantity.bytes(normalised);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a bandwidth; use e.g. 100M or 1G (per second)");
        }
    }

    /** Either parameters or the problems that prevent them. */
    public record Result(StorageParameters parameters, List<FieldProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }
}
