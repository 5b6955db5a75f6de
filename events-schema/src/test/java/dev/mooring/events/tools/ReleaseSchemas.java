package dev.mooring.events.tools;

import dev.mooring.events.EventCatalog;
import dev.mooring.events.serde.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keeps the current schema of every catalogued event as its next released version when it differs from
 * the latest release (run from {@code events-schema/} when a change ships; see docs/events.md).
 */
public final class ReleaseSchemas {

    private ReleaseSchemas() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("src/main/resources/dev/mooring/events/released");
        for (Class<? extends SpecificRecord> type : EventCatalog.eventTypes()) {
            Schema current = EventCodec.currentSchema(type);
            List<Schema> released = EventCodec.releasedSchemas(current.getFullName());
            boolean unchanged = !released.isEmpty() && SchemaNormalization.parsingFingerprint64(released.get(released.size() - 1))
                    == SchemaNormalization.parsingFingerprint64(current);
            if (unchanged) {
                continue;
            }
            Path file = root.resolve(current.getFullName()).resolve("v" + (released.size() + 1) + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n");
            System.out.println("released " + file);
        }
    }
}
