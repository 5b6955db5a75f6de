package dev.mooring.topology.dr.service;

import dev.mooring.topology.dr.DrConfig;
import dev.mooring.topology.dr.domain.Pairing;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pairing Secret ({@code mooring.dr.pair-secret} in {@code mooring.dr.namespace}), watched: a rotated token or a
 * new endpoint applies at the next call, without a restart. A Secret that is missing or lacks a
 * key is refused with what to fix; its values never appear in the message.
 */
@ApplicationScoped
public class PairingSecret {

    @Inject
    DrConfig config;

    @Inject
    KubernetesClient kubernetes;

    private volatile SharedIndexInformer<Secret> informer;

    void onStart(@Observes StartupEvent event) {
        if (config.domain().isPresent()) {
            // Watched, not fetched per call: the pairing is read on the event loop (views, pods) and must not block.
            informer = kubernetes.secrets().inNamespace(config.namespace()).withName(config.pairSecret()).inform();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** The pairing, or why there is none usable. */
    public Result read() {
        SharedIndexInformer<Secret> watched = informer;
        if (watched == null) {
            return Result.unusable("this installation is no cluster domain (mooring.dr.domain is not set)");
        }
        Secret secret = watched.getStore().list().stream().findFirst().orElse(null);
        if (secret == null) {
            return Result.unusable("the Secret " + where() + " does not exist: create it with the keys domain, endpoint"
                    + " and token of the other cluster domain");
        }
        Map<String, String> data = decoded(secret);
        List<String> missing = new ArrayList<>();
        for (String key : List.of("domain", "endpoint", "token")) {
            if (data.getOrDefault(key, "").isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            return Result.unusable("the Secret " + where() + " lacks " + String.join(", ", missing));
        }
        String endpoint = data.get("endpoint").trim();
        if (!endpoint.startsWith("https://") && !endpoint.startsWith("http://")) {
            return Result.unusable("the Secret " + where() + " key endpoint must be an http(s) URL");
        }
        return new Result(Optional.of(new Pairing(data.get("domain").trim(), stripSlash(endpoint), data.get("token").trim(),
                Optional.ofNullable(data.get("ca.crt")).filter(s -> !s.isBlank()),
                Optional.ofNullable(data.get("kubeconfig")).filter(s -> !s.isBlank()))), null);
    }

    private String where() {
        return config.namespace() + "/" + config.pairSecret();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new java.util.HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    /** A usable pairing, or the reason there is none. */
    public record Result(Optional<Pairing> pairing, String problem) {
        static Result unusable(String problem) {
            return new Result(Optional.empty(), problem);
        }
    }
}
