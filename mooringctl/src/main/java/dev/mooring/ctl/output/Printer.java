package dev.mooring.ctl.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Function;

/** Prints an answer in the chosen format: a table (through the command's view) or the JSON/YAML as the API gave it. */
public final class Printer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private final Format format;
    private final PrintWriter out;

    public Printer(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public Format format() {
        return format;
    }

    /** {@code data} as JSON or YAML, or {@code table.apply(data)} as text. */
    public void print(JsonNode data, Function<JsonNode, String> table) {
        try {
            switch (format) {
                case json -> out.println(JSON.writeValueAsString(data));
                case yaml -> out.print(YAML.writeValueAsString(data));
                default -> out.print(table.apply(data));
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }
}
