package dev.mooring.provisioner.kube;

import dev.mooring.provisioner.config.StorageConfig;
import dev.mooring.provisioner.service.StorageSettingsSource;
import dev.mooring.kit.background.BackgroundWork;
import dev.mooring.kit.background.SafeContexts;
import dev.mooring.kit.background.WorkQueue;
import dev.mooring.provisioner.config.ProvisionerConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Follows the storage ConfigMap ({@code mooring-storage} by default): the informer's callbacks only ask the kit's
 * work queue to look again, and its handler hands the ConfigMap as the informer's cache holds it now (or its
 * absence) to the settings. The same handler starts the informer, and a start that fails is retried with the
 * queue's backoff.
 */
@ApplicationScoped
public class StorageConfigMapWatcher {

    private static final Logger LOG = Logger.getLogger(StorageConfigMapWatcher.class);
    private static final String KEY = "storage-configmap";

    @Inject
    Instance<KubernetesClient> kubernetes;

    @Inject
    ProvisionerConfig provisionerConfig;

    @Inject
    StorageConfig config;

    @Inject
    StorageSettingsSource settings;

    @Inject
    BackgroundWork background;

    @Inject
    SafeContexts contexts;

    private volatile SharedIndexInformer<ConfigMap> informer;
    private volatile String ref;
    private WorkQueue<String> queue;

    void onStart(@Observes StartupEvent event) {
        if (!provisionerConfig.kubernetes().enabled() || !config.configMap().enabled()) {
            LOG.info("Not watching a storage ConfigMap: storage settings come from configuration only");
            return;
        }
        queue = background.queue("storage-configmap", 1,
                key -> contexts.blocking(() -> {
                    look(key);
                    return null;
                }).replaceWithVoid());
        queue.add(KEY);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    /** Starts the informer if it is not running, then applies what its cache holds now. */
    private void look(String key) {
        if (informer == null) {
            start(key);
        }
        List<ConfigMap> maps = informer.getStore().list();
        if (maps.isEmpty()) {
            settings.configMapRemoved(ref);
            return;
        }
        ConfigMap map = maps.get(0);
        settings.applyConfigMap(ref, map.getMetadata().getResourceVersion(), map.getData());
    }

    private void start(String key) {
        KubernetesClient client = kubernetes.get();
        String namespace = config.configMap().namespace().orElseGet(() -> client.getNamespace() != null
                ? client.getNamespace() : "default");
        ref = namespace + "/" + config.configMap().name();
        informer = client.configMaps().inNamespace(namespace).withName(config.configMap().name())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap map) {
                        queue.add(key);
                    }

                    @Override
                    public void onUpdate(ConfigMap before, ConfigMap after) {
                        queue.add(key);
                    }

                    @Override
                    public void onDelete(ConfigMap map, boolean finalStateUnknown) {
                        queue.add(key);
                    }
                }, provisionerConfig.kubernetes().resync().toMillis());
        LOG.infof("Watching ConfigMap %s for storage settings", ref);
    }
}
