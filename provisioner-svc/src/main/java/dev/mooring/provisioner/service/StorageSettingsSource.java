package dev.mooring.provisioner.service;

import dev.mooring.provisioner.config.StorageConfig;
import dev.mooring.provisioner.domain.StorageSettings;
import dev.mooring.provisioner.domain.StorageSettingsParser;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The storage settings in effect: the configuration's, overridden by the ConfigMap's data while the ConfigMap
 * exists. A ConfigMap that does not parse is refused as a whole, with a message per key; the last good
 * settings stay in effect, and the refusal is shown (REST) and logged until a good version replaces it.
 */
@ApplicationScoped
public class StorageSettingsSource {

    private static final Logger LOG = Logger.getLogger(StorageSettingsSource.class);

    @Inject
    StorageConfig config;

    @Inject
    Clock clock;

    /** What is in effect and where it came from. */
    public record Effective(StorageSettings settings, String source, Instant since) {
    }

    /** A ConfigMap version that was refused. */
    public record Refusal(String configMap, String resourceVersion, List<StorageSettingsParser.Problem> problems,
                          Instant at) {
    }

    private volatile StorageSettings fromConfig;
    private volatile Effective effective;
    private volatile Refusal refusal;

    /** Settings from configuration: a mistake there stops the start, with the key named. */
    void onStart(@Observes StartupEvent event) {
        configured();
    }

    private synchronized StorageSettings configured() {
        if (fromConfig == null) {
            StorageSettingsParser.Result result = StorageSettingsParser.parse(configValues(),
                    StorageSettingsParser.defaults());
            if (result instanceof StorageSettingsParser.Rejected rejected) {
                throw new IllegalStateException("mooring.storage configuration refused: " + rejected.message());
            }
            fromConfig = ((StorageSettingsParser.Parsed) result).settings();
            effective = new Effective(fromConfig, "config", Instant.now(clock));
        }
        return fromConfig;
    }

    private Map<String, String> configValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(StorageSettingsParser.DRIVE_SPECS, config.driveSpecs());
        config.maxStorageNodesPerZone().ifPresent(v -> values.put(StorageSettingsParser.MAX_STORAGE_NODES_PER_ZONE, v));
        values.put(StorageSettingsParser.EXPANSION_THRESHOLD_PERCENT, config.expansionThresholdPercent());
        values.put(StorageSettingsParser.MAX_DRIVES_PER_NODE, config.maxDrivesPerNode());
        values.put(StorageSettingsParser.MAX_DRIVE_SIZE_GIB, config.maxDriveSizeGib());
        values.put(StorageSettingsParser.EXPANSION_MODE, config.expansionMode());
        return values;
    }

    public StorageSettings settings() {
        return effective().settings();
    }

    public Effective effective() {
        configured();
        return effective;
    }

    /** The latest refusal that no good version has replaced, or null. */
    public Refusal refusal() {
        return refusal;
    }

    /** A version of the ConfigMap: its data over the configuration, or refused (keeping what is in effect). */
    public synchronized void applyConfigMap(String ref, String resourceVersion, Map<String, String> data) {
        StorageSettingsParser.Result result = StorageSettingsParser.parse(data == null ? Map.of() : data, configured());
        if (result instanceof StorageSettingsParser.Rejected rejected) {
            Refusal previous = refusal;
            if (previous != null && previous.configMap().equals(ref)
                    && java.util.Objects.equals(previous.resourceVersion(), resourceVersion)) {
                return; // the informer's resync hands the same version over again: refused and said so already
            }
            refusal = new Refusal(ref, resourceVersion, rejected.problems(), Instant.now(clock));
            LOG.warnf("ConfigMap %s (resourceVersion %s) refused, keeping the settings from %s: %s", ref,
                    resourceVersion, effective.source(), rejected.message());
            return;
        }
        StorageSettings settings = ((StorageSettingsParser.Parsed) result).settings();
        refusal = null;
        String source = "configmap:" + ref;
        if (!settings.equals(effective.settings()) || !source.equals(effective.source())) {
            effective = new Effective(settings, source, Instant.now(clock));
            LOG.infof("Storage settings from ConfigMap %s: %s", ref, settings.asMap());
        }
    }

    /** The ConfigMap is gone: the configuration's settings again. */
    public synchronized void configMapRemoved(String ref) {
        refusal = null;
        if (!"config".equals(effective().source())) {
            effective = new Effective(configured(), "config", Instant.now(clock));
            LOG.infof("ConfigMap %s removed: storage settings from configuration again: %s", ref,
                    fromConfig.asMap());
        }
    }
}
