package dev.mooring.ctl.output;

import java.util.ArrayList;
import java.util.List;

/** An {@code inspect} page: aligned {@code Label: value} lines, then titled sections (usually tables). */
public final class Details {

    private final List<String[]> fields = new ArrayList<>();
    private final StringBuilder sections = new StringBuilder();

    /** A line; skipped when the value is empty. */
    public Details field(String label, String value) {
        if (value != null && !value.isEmpty()) {
            fields.add(new String[] {label + ":", value});
        }
        return this;
    }

    public Details section(String title, String body) {
        sections.append('\n').append(title).append(":\n");
        body.lines().forEach(line -> sections.append("  ").append(line).append('\n'));
        return this;
    }

    public String render() {
        return Table.renderLines(fields) + sections;
    }
}
