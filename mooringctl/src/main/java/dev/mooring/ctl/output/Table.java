package dev.mooring.ctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Rows under headers, each column as wide as its widest cell, two spaces apart; no trailing blanks. */
public final class Table {

    private final List<Column> columns;

    private Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    public static Table of(Column... columns) {
        return new Table(List.of(columns));
    }

    /** The table of {@code rows}; with no row, the headers and {@code (none)}. */
    public String render(Iterable<JsonNode> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : rows) {
            lines.add(columns.stream().map(c -> clean(c.cell().apply(row))).toArray(String[]::new));
        }
        return renderLines(lines) + (lines.size() == 1 ? "(none)\n" : "");
    }

    /** Lines of cells, aligned. */
    public static String renderLines(List<String[]> lines) {
        int width = lines.stream().mapToInt(l -> l.length).max().orElse(0);
        int[] widths = new int[width];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(line[i]);
                if (i < line.length - 1) {
                    text.append(" ".repeat(widths[i] - line[i].length() + 2));
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String clean(String cell) {
        return cell == null || cell.isEmpty() ? "-" : cell.replace('\n', ' ');
    }
}
