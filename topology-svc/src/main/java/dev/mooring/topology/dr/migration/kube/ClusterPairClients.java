package dev.mooring.topology.dr.migration.kube;

import dev.mooring.topology.dr.migration.MigrationConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The Kubernetes client of each ClusterPair's cluster, built from the kubeconfig in the pair's Secret and kept until
 * that kubeconfig changes. The kubeconfig is never logged nor put into a status or exception: a pair that cannot be
 * used says which object and key to fix.
 */
@ApplicationScoped
public class ClusterPairClients {

    private static final Logger LOG = Logger.getLogger(ClusterPairClients.class);
    static final String KUBECONFIG_KEY = "kubeconfig";

    @Inject
    KubernetesClient kubernetes;

    @Inject
    MigrationConfig config;

    @Inject
    Clock clock;

    private record Cached(String digest, KubernetesClient client) {
    }

    private final Map<String, Cached> clients = new ConcurrentHashMap<>();

    /** A ClusterPair that cannot be used: missing, incomplete, or its kubeconfig unreadable. Safe to show. */
    public static class PairException extends RuntimeException {
        public PairException(String message) {
            super(message);
        }
    }

    /** What a pair is: the domain it leads to and a client of its cluster. */
    public record Pair(String name, String domain, KubernetesClient client) {
    }

    /** The pair {@code namespace/name} with its cluster's client (built or reused). */
    public Pair pair(String namespace, String name) {
        GenericKubernetesResource pair = MigrationResources.pair(kubernetes, namespace, name);
        if (pair == null) {
            throw new PairException("ClusterPair " + namespace + "/" + name + " does not exist");
        }
        String domain = MigrationResources.specText(pair, "domain");
        String secretName = MigrationResources.specText(pair, "secretName");
        if (domain == null || domain.isBlank()) {
            throw new PairException("ClusterPair " + namespace + "/" + name + ": spec.domain is required");
        }
        if (secretName == null || secretName.isBlank()) {
            throw new PairException("ClusterPair " + namespace + "/" + name + ": spec.secretName is required");
        }
        return new Pair(name, domain, client(namespace, name, secretName));
    }

    private KubernetesClient client(String namespace, String pairName, String secretName) {
        Secret secret = kubernetes.secrets().inNamespace(namespace).withName(secretName).get();
        String kubeconfig = secret == null ? null : kubeconfigOf(secret);
        if (kubeconfig == null) {
            throw new PairException("ClusterPair " + namespace + "/" + pairName + ": Secret " + namespace + "/"
                    + secretName + " has no key " + KUBECONFIG_KEY);
        }
        String key = namespace + "/" + pairName;
        String digest = digest(kubeconfig);
        Cached cached = clients.get(key);
        if (cached != null && cached.digest().equals(digest)) {
            return cached.client();
        }
        KubernetesClient client = build(kubeconfig, namespace, pairName, secretName);
        Cached previous = clients.put(key, new Cached(digest, client));
        if (previous != null) {
            LOG.infof("cluster-pair=%s kubeconfig changed, client rebuilt", key);
            previous.client().close();
        }
        return client;
    }

    private KubernetesClient build(String kubeconfig, String namespace, String pairName, String secretName) {
        Config clientConfig;
        try {
            clientConfig = Config.fromKubeconfig(kubeconfig);
        } catch (RuntimeException e) {
            // The parser's message may quote the kubeconfig: never pass it on.
            throw new PairException("ClusterPair " + namespace + "/" + pairName + ": key " + KUBECONFIG_KEY
                    + " of Secret " + namespace + "/" + secretName + " is no readable kubeconfig");
        }
        int timeout = (int) config.pairTimeout().toMillis();
        clientConfig.setConnectionTimeout(timeout);
        clientConfig.setRequestTimeout(timeout);
        return new KubernetesClientBuilder().withConfig(clientConfig).build();
    }

    /**
     * Checks that the pair's API server answers and writes {@code status.reachable}, {@code checkedAt} and
     * {@code message} on the ClusterPair; returns whether it is reachable.
     */
    public boolean check(String namespace, String name) {
        boolean reachable;
        String message;
        try {
            Pair pair = pair(namespace, name);
            pair.client().namespaces().list(new ListOptionsBuilder().withLimit(1L).build());
            reachable = true;
            message = "the API server of domain " + pair.domain() + " answers";
        } catch (PairException e) {
            reachable = false;
            message = e.getMessage();
        } catch (RuntimeException e) {
            reachable = false;
            message = "the paired cluster's API server does not answer: " + ApplicationMigration.describe(e);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("reachable", reachable);
        status.put("checkedAt", Instant.now(clock).toString());
        status.put("message", message);
        MigrationResources.writePairStatus(kubernetes, namespace, name, status);
        return reachable;
    }

    /** Checks every ClusterPair of {@code namespace}. */
    public void checkAll(String namespace) {
        MigrationResources.pairs(kubernetes, namespace).forEach(pair -> check(namespace, pair.getMetadata().getName()));
    }

    void onStop(@Observes ShutdownEvent event) {
        clients.values().forEach(cached -> cached.client().close());
        clients.clear();
    }

    private static String kubeconfigOf(Secret secret) {
        if (secret.getData() != null && secret.getData().get(KUBECONFIG_KEY) != null) {
            try {
                return new String(Base64.getDecoder().decode(secret.getData().get(KUBECONFIG_KEY)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(KUBECONFIG_KEY);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
