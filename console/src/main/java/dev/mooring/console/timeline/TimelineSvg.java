package dev.mooring.console.timeline;

import dev.mooring.console.model.TakeoverInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Draws a {@link TakeoverTimeline} as SVG: the axis with its ticks, each phase a dot with a labelled leader line, the
 * deadline a dashed line across the drawing. Presentation is in attributes, not CSS, so the same drawing works inline
 * in a page and as a file of its own; a {@code <title>} and {@code <desc>} carry it in words.
 */
public final class TimelineSvg {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Room above the detail panel for the line that introduces it. */
    private static final int DETAIL_HEADING = 22;
    private static final String FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\"";

    private TimelineSvg() {
    }

    /** The drawing to put inside an HTML page; {@code id} makes its title's and description's ids unique there. */
    public static String inline(TakeoverTimeline timeline, String id) {
        return svg(timeline, id, false);
    }

    /** The drawing as a standalone SVG document (e.g. for the docs). */
    public static String standalone(TakeoverTimeline timeline) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg(timeline, "takeover", true);
    }

    /** Writes the standalone drawing of a takeover to {@code file}. */
    public static void write(TakeoverInfo takeover, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, standalone(TakeoverTimeline.of(takeover)), StandardCharsets.UTF_8);
    }

    /** The title: whose takeover, by whom, its status. */
    public static String title(TakeoverInfo t) {
        return "Takeover of " + t.failedNode() + (t.replacementNode() == null ? "" : " by " + t.replacementNode())
                + ": " + (t.status() == null ? "status unknown" : t.status());
    }

    private static String svg(TakeoverTimeline timeline, String id, boolean standalone) {
        int width = TakeoverTimeline.WIDTH;
        java.util.Optional<TakeoverTimeline> detail = timeline.detail();
        int detailTop = timeline.height() + DETAIL_HEADING;
        int height = detail.map(d -> detailTop + d.height()).orElse(timeline.height());
        String titleId = id + "-title";
        String descId = id + "-desc";
        StringBuilder s = new StringBuilder();
        s.append("<svg").append(standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "")
                .append(" role=\"img\" aria-labelledby=\"").append(titleId).append(' ').append(descId).append('"')
                .append(" viewBox=\"0 0 ").append(width).append(' ').append(height).append('"')
                .append(" width=\"").append(width).append("\" height=\"").append(height).append("\" ")
                .append(FONT).append(">\n");
        s.append("<title id=\"").append(titleId).append("\">").append(escape(title(timeline.takeover())))
                .append("</title>\n");
        s.append("<desc id=\"").append(descId).append("\">").append(escape(timeline.summary()))
                .append(timeline.marks().isEmpty() ? "" : " Axis from " + CLOCK.format(timeline.start()) + ".")
                .append("</desc>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        if (timeline.marks().isEmpty()) {
            s.append("<text x=\"").append(TakeoverTimeline.LEFT).append("\" y=\"").append(TakeoverTimeline.AXIS_Y)
                    .append("\" fill=\"#1a1a1a\">No phase recorded yet</text>\n</svg>\n");
            return s.toString();
        }
        panel(s, timeline, "whole");
        detail.ifPresent(d -> {
            s.append("<text x=\"4\" y=\"").append(timeline.height() + 14).append("\" fill=\"#1a1a1a\" font-style=\"italic\">")
                    .append("The takeover itself, from the deadline on (the same phases, drawn larger):</text>\n");
            s.append("<g data-panel=\"detail\" transform=\"translate(0,").append(detailTop).append(")\">\n");
            panel(s, d, null);
            s.append("</g>\n");
        });
        s.append("</svg>\n");
        return s.toString();
    }

    /** One axis with its deadline and marks; {@code name}: the panel's data-panel, null inside a group already. */
    private static void panel(StringBuilder s, TakeoverTimeline timeline, String name) {
        if (name != null) {
            s.append("<g data-panel=\"").append(name).append("\">\n");
        }
        axis(s, timeline);
        timeline.deadline().ifPresent(d -> deadline(s, d, timeline.height()));
        for (TakeoverTimeline.Mark m : timeline.marks()) {
            if (m.phase() != TakeoverTimeline.Phase.DEADLINE) {
                mark(s, m, timeline);
            }
        }
        if (name != null) {
            s.append("</g>\n");
        }
    }

    private static void axis(StringBuilder s, TakeoverTimeline timeline) {
        int y = TakeoverTimeline.AXIS_Y;
        s.append("<g aria-hidden=\"true\">\n");
        s.append(line(TakeoverTimeline.LEFT, y, TakeoverTimeline.RIGHT, y, "#1a1a1a", 2, null));
        // The waiting before the deadline, then the takeover itself: a band on the axis.
        double deadlineX = timeline.deadline().map(TakeoverTimeline.Mark::x).orElse((double) TakeoverTimeline.LEFT);
        s.append(rect(TakeoverTimeline.LEFT, y - 5, deadlineX - TakeoverTimeline.LEFT, 10, "#d9d9d9"));
        s.append(rect(deadlineX, y - 5, TakeoverTimeline.RIGHT - deadlineX, 10, outcomeColour(timeline.takeover())));
        for (TakeoverTimeline.Tick tick : timeline.ticks()) {
            s.append(line(tick.x(), y - 9, tick.x(), y + 9, "#1a1a1a", 1, null));
            // A label the dashed deadline line would cross moves beside that line (left if it fits), to stay legible.
            double width = tick.text().length() * TakeoverTimeline.CHAR_WIDTH;
            boolean crossed = timeline.deadline().isPresent() && Math.abs(tick.x() - deadlineX) < width / 2 + 2;
            boolean left = deadlineX - 4 - width >= 0;
            double x = !crossed ? tick.x() : left ? deadlineX - 4 : deadlineX + 4;
            String anchor = !crossed ? "middle" : left ? "end" : "start";
            s.append("<text x=\"").append(num(x)).append("\" y=\"").append(y - 14).append("\" text-anchor=\"")
                    .append(anchor).append("\" fill=\"#4d4d4d\">").append(escape(tick.text())).append("</text>\n");
        }
        s.append("</g>\n");
    }

    private static void deadline(StringBuilder s, TakeoverTimeline.Mark d, int height) {
        s.append("<g data-phase=\"deadline\">\n");
        s.append(line(d.x(), 18, d.x(), height - 4, "#b00020", 2, "6 4"));
        String text = "deadline " + CLOCK.format(d.at());
        boolean atEnd = d.x() + 4 + text.length() * TakeoverTimeline.CHAR_WIDTH > TakeoverTimeline.WIDTH - 4;
        s.append("<text x=\"").append(num(atEnd ? d.x() - 4 : d.x() + 4)).append("\" y=\"14\"")
                .append(atEnd ? " text-anchor=\"end\"" : "").append(" fill=\"#b00020\" font-weight=\"bold\">")
                .append("deadline ").append(escape(CLOCK.format(d.at()))).append("</text>\n");
        s.append("</g>\n");
    }

    private static void mark(StringBuilder s, TakeoverTimeline.Mark m, TakeoverTimeline timeline) {
        int y = TakeoverTimeline.AXIS_Y;
        double labelY = y + 22 + m.row() * TakeoverTimeline.ROW_HEIGHT;
        String colour = colour(m.phase());
        s.append("<g data-phase=\"").append(m.phase().name().toLowerCase(Locale.ROOT)).append("\">\n");
        s.append("<title>").append(escape(m.label() + " " + CLOCK.format(m.at()) + " (" + timeline.offsetOf(m.at()) + ")"))
                .append("</title>\n");
        s.append(line(m.x(), y, m.x(), labelY - 10, colour, 1, null));
        s.append("<circle cx=\"").append(num(m.x())).append("\" cy=\"").append(y).append("\" r=\"5\" fill=\"")
                .append(colour).append("\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n");
        s.append("<text x=\"").append(num(m.x())).append("\" y=\"").append(num(labelY)).append('"')
                .append(m.anchoredAtEnd() ? " text-anchor=\"end\"" : "").append(" fill=\"#1a1a1a\">")
                .append(escape(m.label())).append("</text>\n");
        s.append("</g>\n");
    }

    private static String colour(TakeoverTimeline.Phase phase) {
        return switch (phase) {
            case BLOCKED, FENCING_FAILED, ABANDONED -> "#b35900";
            case COMPLETED -> "#1b7a3a";
            case LAST_HEARTBEAT, OFFLINE -> "#4d4d4d";
            default -> "#1f4e9c";
        };
    }

    private static String outcomeColour(TakeoverInfo t) {
        if (t.completedAt() != null) {
            return "#a8d5b5";
        }
        return t.abandonedAt() != null || t.blockedAt() != null && t.decidedAt() == null ? "#f2c499" : "#b3c7ea";
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, int width, String dashes) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2)
                + "\" stroke=\"" + colour + "\" stroke-width=\"" + width + "\""
                + (dashes == null ? "" : " stroke-dasharray=\"" + dashes + "\"") + "/>\n";
    }

    private static String rect(double x, double y, double w, double h, String fill) {
        return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(Math.max(0, w)) + "\" height=\"" + num(h)
                + "\" fill=\"" + fill + "\"/>\n";
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Text for XML content and attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** For a caller that shows a time beside the drawing the way the drawing does. */
    public static String clock(Instant at) {
        return at == null ? "" : CLOCK.format(at);
    }
}
