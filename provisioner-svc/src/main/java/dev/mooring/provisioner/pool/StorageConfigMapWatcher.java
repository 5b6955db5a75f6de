package dev.mooring.provisioner.pool;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Follows the storage ConfigMap ({@code mooring-storage} by default) and hands each version to the settings. */
@ApplicationScoped
public class StorageConfigMapWatcher {

    private static final Logger LOG = Logger.getLogger(StorageConfigMapWatcher.class);
    private static final long RESTART_SECONDS = 10;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @Inject
    ProvisionerConfig provisionerConfig;

    @Inject
    StorageConfig config;

    @Inject
    StorageSettingsSource settings;

    private ScheduledExecutorService worker;
    private volatile SharedIndexInformer<ConfigMap> informer;

    void onStart(@Observes StartupEvent event) {
        if (!provisionerConfig.kubernetes().enabled() || !config.configMap().enabled()) {
            LOG.info("Not watching a storage ConfigMap: storage settings come from configuration only");
            return;
        }
        worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mooring-storage-config");
            thread.setDaemon(true);
            return thread;
        });
        worker.execute(this::start);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.shutdownNow();
        }
        if (informer != null) {
            informer.close();
        }
    }

    private void start() {
        KubernetesClient client = kubernetes.get();
        String namespace = config.configMap().namespace().orElseGet(() -> client.getNamespace() != null
                ? client.getNamespace() : "default");
        String ref = namespace + "/" + config.configMap().name();
        try {
            informer = client.configMaps().inNamespace(namespace).withName(config.configMap().name())
                    .inform(new ResourceEventHandler<>() {
                        @Override
                        public void onAdd(ConfigMap map) {
                            apply(ref, map);
                        }

                        @Override
                        public void onUpdate(ConfigMap before, ConfigMap after) {
                            apply(ref, after);
                        }

                        @Override
                        public void onDelete(ConfigMap map, boolean finalStateUnknown) {
                            settings.configMapRemoved(ref);
                        }
                    }, provisionerConfig.kubernetes().resync().toMillis());
            LOG.infof("Watching ConfigMap %s for storage settings", ref);
        } catch (RuntimeException e) {
            LOG.warnf("Cannot watch ConfigMap %s (%s); trying again in %ds", ref, e.getMessage(), RESTART_SECONDS);
            worker.schedule(this::start, RESTART_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void apply(String ref, ConfigMap map) {
        try {
            settings.applyConfigMap(ref, map.getMetadata().getResourceVersion(), map.getData());
        } catch (RuntimeException e) {
            LOG.warnf("ConfigMap %s could not be applied: %s", ref, e.toString());
        }
    }
}
