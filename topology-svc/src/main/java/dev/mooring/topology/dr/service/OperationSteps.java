package dev.mooring.topology.dr.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mooring.topology.dr.domain.OperationStep;
import dev.mooring.topology.dr.repository.OperationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes an operation's steps and namespaces (JSON columns). */
final class OperationSteps {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private OperationSteps() {
    }

    static List<OperationStep> steps(OperationRecord record) {
        return read(record.steps, new TypeReference<List<OperationStep>>() { });
    }

    static List<String> namespaces(OperationRecord record) {
        return read(record.namespaces, new TypeReference<List<String>>() { });
    }

    static void setNamespaces(OperationRecord record, List<String> namespaces) {
        record.namespaces = write(namespaces);
    }

    /** All steps pending, but the first ({@code preflight}) done with its detail. */
    static void start(OperationRecord record, List<String> names, String preflightDetail) {
        List<OperationStep> steps = new ArrayList<>();
        for (String name : names) {
            steps.add(name.equals(names.get(0)) ? new OperationStep(name, "done", Instant.now(), preflightDetail)
                    : new OperationStep(name, "pending", null, null));
        }
        record.steps = write(steps);
    }

    /** The first step not done yet, if any. */
    static Optional<OperationStep> next(OperationRecord record) {
        return steps(record).stream().filter(s -> !s.done()).findFirst();
    }

    /** Sets one step's state, time and detail. */
    static void mark(OperationRecord record, String name, String state, String detail) {
        List<OperationStep> steps = new ArrayList<>();
        for (OperationStep step : steps(record)) {
            steps.add(step.name().equals(name) ? new OperationStep(name, state, Instant.now(), detail) : step);
        }
        record.steps = write(steps);
    }

    /** When a step was last marked, if it was. */
    static Optional<Instant> at(OperationRecord record, String name) {
        return steps(record).stream().filter(s -> s.name().equals(name) && s.at() != null).map(OperationStep::at).findFirst();
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dr_operation holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
