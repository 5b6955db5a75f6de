package dev.mooring.kit.arrays;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Watches the {@code px-pure-secret} Secret and hands its pure.json to the directory on every change;
 * a deleted Secret (or a missing key) means no arrays. The document is never logged: it holds tokens.
 */
@ApplicationScoped
public class PureJsonSecretSource {

    private static final Logger LOG = Logger.getLogger(PureJsonSecretSource.class);

    @Inject
    KubernetesClient kubernetes;

    @Inject
    ArraysConfig config;

    private SharedIndexInformer<Secret> informer;

    void watch(Consumer<String> onDocument) {
        ArraysConfig.SecretRef ref = config.secret();
        LOG.infof("Reading FlashArrays from Secret %s/%s, key %s", ref.namespace(), ref.name(), ref.key());
        informer = kubernetes.secrets().inNamespace(ref.namespace()).withName(ref.name())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret secret) {
                        onDocument.accept(document(secret));
                    }

                    @Override
                    public void onUpdate(Secret before, Secret after) {
                        if (!after.getMetadata().getResourceVersion().equals(before.getMetadata().getResourceVersion())) {
                            onDocument.accept(document(after));
                        }
                    }

                    @Override
                    public void onDelete(Secret secret, boolean finalStateUnknown) {
                        LOG.warnf("Secret %s/%s deleted: no FlashArrays configured", ref.namespace(), ref.name());
                        onDocument.accept(null);
                    }
                });
        // The informer has listed once: with no Secret there is no onAdd, but "no arrays" is a fact to apply.
        if (informer.getStore().list().isEmpty()) {
            LOG.warnf("Secret %s/%s does not exist (yet): no FlashArrays configured", ref.namespace(), ref.name());
            onDocument.accept(null);
        }
    }

    private String document(Secret secret) {
        ArraysConfig.SecretRef ref = config.secret();
        if (secret.getData() != null && secret.getData().containsKey(ref.key())) {
            return new String(Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8);
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(ref.key())) {
            return secret.getStringData().get(ref.key());
        }
        LOG.warnf("Secret %s/%s has no key %s: no FlashArrays configured", ref.namespace(), ref.name(), ref.key());
        return null;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }
}
