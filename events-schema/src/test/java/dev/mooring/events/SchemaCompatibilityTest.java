package dev.mooring.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.events.serde.EventCodec;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build's guard on schema evolution: every event's current schema must read what each released
 * version wrote (new consumers, old producers) and be readable by each released version (old consumers,
 * new producers). A change that breaks either direction fails here, naming the event and the incompatibility.
 */
class SchemaCompatibilityTest {

    static Stream<Class<? extends SpecificRecord>> eventTypes() {
        return EventCatalog.eventTypes().stream();
    }

    @ParameterizedTest(name = "{0} has a released version to stay compatible with")
    @MethodSource("eventTypes")
    void everyEventHasAReleasedVersion(Class<? extends SpecificRecord> type) {
        assertThat(EventCodec.releasedSchemas(EventCodec.currentSchema(type).getFullName()))
                .as("released versions of %s (add released/<full name>/v1.avsc)", type.getSimpleName())
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0} is compatible both ways with every released version")
    @MethodSource("eventTypes")
    void currentSchemaIsCompatibleBothWaysWithEveryReleasedVersion(Class<? extends SpecificRecord> type) {
        Schema current = EventCodec.currentSchema(type);
        List<Schema> released = EventCodec.releasedSchemas(current.getFullName());
        for (int i = 0; i < released.size(); i++) {
            Schema old = released.get(i);
            var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
            var forward = SchemaCompatibility.checkReaderWriterCompatibility(old, current);
            assertThat(backward.getType())
                    .as("current %s reading data written by released v%d: %s",
                            type.getSimpleName(), i + 1, describe(backward))
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(forward.getType())
                    .as("released v%d of %s reading data written by the current schema: %s",
                            i + 1, type.getSimpleName(), describe(forward))
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    private static String describe(SchemaCompatibility.SchemaPairCompatibility result) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .toList().toString();
    }

    @ParameterizedTest(name = "{0} carries the envelope and optional fields default to null")
    @MethodSource("eventTypes")
    void everyEventCarriesTheEnvelope(Class<? extends SpecificRecord> type) {
        Schema current = EventCodec.currentSchema(type);
        assertThat(current.getField("envelope")).as("envelope field of %s", type.getSimpleName()).isNotNull();
        assertThat(current.getField("envelope").schema().getFullName()).isEqualTo(EventEnvelope.class.getName());
        for (Schema.Field field : current.getFields()) {
            if (field.schema().isNullable()) {
                assertThat(field.hasDefaultValue()).as("%s.%s is optional and must default to null",
                        type.getSimpleName(), field.name()).isTrue();
            }
        }
    }
}
