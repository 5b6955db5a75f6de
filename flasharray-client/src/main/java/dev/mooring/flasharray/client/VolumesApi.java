package dev.mooring.flasharray.client;

import dev.mooring.flasharray.client.model.QoS;
import dev.mooring.flasharray.client.model.Volume;
import dev.mooring.flasharray.client.request.VolumeCreate;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Volumes ({@code /volumes}). Names may be pod-qualified ({@code pod::vol}).
 *
 * <p>Creates, renames, destroys, recovers and eradications are not repeated automatically after a
 * failure that may have happened (see {@link RetryPolicy}); resizes and QoS changes are.
 */
public final class VolumesApi extends ListingApi<Volume> {

    VolumesApi(Transport transport) {
        super(transport, "volumes", Volume.class, null);
    }

    /** {@code POST /volumes?names=[pod::]name} with {@code provisioned} and {@code qos}. */
    public Uni<Volume> create(VolumeCreate spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provisioned", spec.provisioned());
        if (spec.qos() != null && !spec.qos().isUnlimited()) {
            body.put("qos", spec.qos());
        }
        String name = spec.qualifiedName();
        return transport.execute(Call.post("volumes").param("names", name).body(body).build(),
                transport.read.single(Volume.class, name));
    }

    /** Grows the volume to {@code bytes}. Shrinking needs {@link #resize(String, long, boolean)} with truncate. */
    public Uni<Volume> resize(String name, long bytes) {
        return resize(name, bytes, false);
    }

    /**
     * Sets the size to {@code bytes}; {@code truncate=true} allows shrinking (the array keeps a 24 h undo
     * snapshot). Safe to repeat.
     */
    public Uni<Volume> resize(String name, long bytes, boolean truncate) {
        VolumeCreate.requireSize(bytes);
        Call.Builder c = Call.patch("volumes").param("names", name).absoluteWrite()
                .body(Map.of("provisioned", bytes));
        if (truncate) {
            c.param("truncate", true);
        }
        return transport.execute(c.build(), transport.read.single(Volume.class, name));
    }

    /** Renames a volume (within its pod). */
    public Uni<Volume> rename(String name, String newName) {
        FlashArrayNames.requireValidQualified(newName);
        return patch(name, Map.of("name", newName), false);
    }

    /** Destroys the volume: it stays recoverable until eradicated or its {@code time_remaining} runs out. */
    public Uni<Volume> destroy(String name) {
        return patch(name, Map.of("destroyed", true), false);
    }

    /** Recovers a destroyed volume. */
    public Uni<Volume> recover(String name) {
        return patch(name, Map.of("destroyed", false), false);
    }

    /** {@code DELETE /volumes}: eradicates a destroyed volume for good. */
    public Uni<Void> eradicate(String name) {
        return transport.execute(Call.delete("volumes").param("names", name).build(), ResponseReader.discard());
    }

    /** Sets the QoS limits given (a null limit is left as it is; see {@link #unsetQos}). Safe to repeat. */
    public Uni<Volume> setQos(String name, QoS qos) {
        if (qos == null || qos.isUnlimited()) {
            return unsetQos(name);
        }
        return patch(name, Map.of("qos", qos), true);
    }

    /** Removes both QoS limits ({@code ""} unsets, per the REST reference). Safe to repeat. */
    public Uni<Volume> unsetQos(String name) {
        Map<String, Object> qos = new LinkedHashMap<>();
        qos.put("bandwidth_limit", "");
        qos.put("iops_limit", "");
        return patch(name, Map.of("qos", qos), true);
    }

    private Uni<Volume> patch(String name, Map<String, Object> body, boolean absolute) {
        Call.Builder c = Call.patch("volumes").param("names", name).body(body);
        if (absolute) {
            c.absoluteWrite();
        }
        return transport.execute(c.build(), transport.read.single(Volume.class, name));
    }
}
