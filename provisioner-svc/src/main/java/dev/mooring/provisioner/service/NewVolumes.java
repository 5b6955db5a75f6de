package dev.mooring.provisioner.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.events.ClaimRef;
import dev.mooring.events.EventEnvelope;
import dev.mooring.events.volumes.VolumeRequested;
import dev.mooring.kit.outbox.EnvelopeFactory;
import dev.mooring.provisioner.config.ProvisionerConfig;
import dev.mooring.provisioner.domain.ArrayVolumeNames;
import dev.mooring.provisioner.domain.StorageParameters;
import dev.mooring.provisioner.domain.VolumeState;
import dev.mooring.provisioner.repository.VolumeRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What every requested volume starts as, whoever asked (REST or a PVC): its row, with the deterministic
 * array volume name, and the core of its {@code VolumeRequested}.
 */
@ApplicationScoped
public class NewVolumes {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Clock clock;

    @Inject
    ProvisionerConfig config;

    @Inject
    EnvelopeFactory envelopes;

    /** A new volume row; {@code parameters} may be null for a claim refused before they were understood. */
    public VolumeRecord record(UUID id, String name, long sizeBytes, String backend, StorageParameters parameters,
                               Map<String, String> rawParameters, VolumeState state, String correlationId) {
        VolumeRecord volume = new VolumeRecord();
        volume.id = id;
        volume.name = name;
        volume.sizeBytes = sizeBytes;
        volume.backend = backend == null ? "" : backend;
        if (parameters != null) {
            volume.podName = parameters.podName().orElse(null);
            volume.maxIops = parameters.maxIops().orElse(null);
            volume.maxBandwidth = parameters.maxBandwidthBytesPerSec().orElse(null);
            volume.repl = parameters.poolBacked() ? parameters.replicas().repl() : null;
        }
        volume.parameters = parametersJson(rawParameters);
        volume.state = state;
        String base = ArrayVolumeNames.nameFor(config.volumeNamePrefix(), name, id);
        volume.arrayVolumeName = volume.podName == null ? base : volume.podName + "::" + base;
        volume.correlationId = correlationId;
        volume.createdAt = OffsetDateTime.now(clock);
        volume.updatedAt = volume.createdAt;
        return volume;
    }

    /** The event's fields every request has; a claim adds its own before {@code build()}. */
    public VolumeRequested.Builder requested(VolumeRecord volume, Map<String, String> rawParameters,
                                             String correlationId) {
        return VolumeRequested.newBuilder()
                .setEnvelope(envelopes.caused(volume.id.toString(), correlationId))
                .setVolumeId(volume.id.toString())
                .setName(volume.name)
                .setSizeBytes(volume.sizeBytes)
                .setBackend(volume.backend)
                .setPodName(volume.podName)
                .setMaxIops(volume.maxIops)
                .setMaxBandwidthBytesPerSec(volume.maxBandwidth)
                .setParameters(rawParameters);
    }

    /**
     * The {@code VolumeRequested} of a volume requested again after a failure that passed, rebuilt from its
     * row (with the claim's fields for a claim's volume), caused by {@code cause}.
     */
    public VolumeRequested requestedAgain(VolumeRecord volume, EventEnvelope cause) {
        VolumeRequested.Builder event = requested(volume, parameters(volume.parameters), volume.correlationId)
                .setEnvelope(envelopes.causedBy(volume.id.toString(), cause));
        if (volume.forClaim()) {
            event.setClaim(ClaimRef.newBuilder().setNamespace(volume.claimNamespace).setName(volume.claimName)
                            .setUid(volume.claimUid).build())
                    .setAccessModes(volume.accessModeList())
                    .setVolumeMode(volume.volumeMode)
                    .setFsType(volume.fsType)
                    .setStorageClassName(volume.storageClass)
                    .setSelectedNode(volume.selectedNode);
        }
        return event.build();
    }

    private static Map<String, String> parameters(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parameters as stored (sorted JSON), so that the same parameters always compare equal. */
    public static String parametersJson(Map<String, String> rawParameters) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(rawParameters == null ? Map.of() : rawParameters));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
