package dev.mooring.ctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** One column of a table: its header and how a row's JSON gives its cell. */
public record Column(String header, Function<JsonNode, String> cell) {

    /** The text at {@code field} (dots go deeper: {@code failure.reason}). */
    public static Column of(String header, String field) {
        return new Column(header, row -> Cells.text(row, field));
    }
}
