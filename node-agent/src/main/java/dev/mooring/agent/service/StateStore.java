package dev.mooring.agent.service;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mooring.agent.domain.StagedVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The agent's memory on disk: one JSON file per staged volume, and the serials of the volumes Mooring attached to
 * this node (the ownership ledger). Every write goes to a temporary file renamed over the old one, so a crash
 * leaves the old or the new state, never half of one.
 */
public final class StateStore {

    private final Path volumes;
    private final Path ledger;
    private final ObjectMapper json = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public StateStore(Path dir) {
        this.volumes = dir.resolve("volumes");
        this.ledger = dir.resolve("attached-serials");
        try {
            Files.createDirectories(volumes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + volumes, e);
        }
    }

    public synchronized Optional<StagedVolume> find(String volumeId) {
        Path file = fileOf(volumeId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), StagedVolume.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public synchronized List<StagedVolume> all() {
        List<StagedVolume> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(volumes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                all.add(json.readValue(f.toFile(), StagedVolume.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + volumes, e);
        }
        return all;
    }

    public synchronized void save(StagedVolume volume) {
        try {
            write(fileOf(volume.volumeId()), json.writerWithDefaultPrettyPrinter().writeValueAsString(volume));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state of volume " + volume.volumeId(), e);
        }
    }

    public synchronized void delete(String volumeId) {
        try {
            Files.deleteIfExists(fileOf(volumeId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the state of volume " + volumeId, e);
        }
    }

    /** The serials in the ownership ledger. */
    public synchronized Set<String> attachedSerials() {
        try {
            if (!Files.exists(ledger)) {
                return Set.of();
            }
            return new TreeSet<>(Files.readAllLines(ledger).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ledger, e);
        }
    }

    public synchronized void writeAttachedSerials(Set<String> serials) {
        try {
            write(ledger, String.join("\n", new TreeSet<>(serials)) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ledger, e);
        }
    }

    private Path fileOf(String volumeId) {
        // Volume ids are opaque strings (slashes included): the file name must not be one of them.
        return volumes.resolve(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(volumeId.getBytes(StandardCharsets.UTF_8)) + ".json");
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
