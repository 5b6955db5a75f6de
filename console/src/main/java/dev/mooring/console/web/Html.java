package dev.mooring.console.web;

import dev.mooring.console.timeline.TimelineSvg;
import java.time.Instant;
import java.util.List;

/**
 * Small pieces of the console's HTML: escaped text, times as {@code <time datetime>}, tables with a caption and
 * header cells, and the page around them (landmarks, navigation, a skip link, the refresh). Every value from a
 * service goes through {@link #text}.
 */
final class Html {

    /** A page of the console: its path and its name in the navigation. */
    enum Page {
        OVERVIEW("/", "Overview"), VOLUMES("/volumes", "Volumes"), NODES("/nodes", "Nodes"),
        TAKEOVERS("/takeovers", "Takeovers");

        final String path;
        final String name;

        Page(String path, String name) {
            this.path = path;
            this.name = name;
        }
    }

    private static final String STYLE = """
            body{font-family:system-ui,"DejaVu Sans",Arial,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.4}
            header,main,footer{padding:0 1.5rem}
            header{background:#12355b;color:#fff;padding-top:.5rem;padding-bottom:.5rem}
            header p{margin:0;font-weight:bold;font-size:1.1rem}
            nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;gap:1.25rem;flex-wrap:wrap}
            nav a{color:#fff}
            nav a[aria-current=page]{font-weight:bold;text-decoration-thickness:3px}
            .skip{position:absolute;left:-999px}
            .skip:focus{left:1rem;top:1rem;background:#fff;color:#12355b;padding:.5rem}
            table{border-collapse:collapse;margin:.5rem 0 1.5rem;min-width:50%}
            caption{text-align:left;font-weight:bold;padding:.25rem 0}
            th,td{border:1px solid #8c8c8c;padding:.25rem .5rem;text-align:left;vertical-align:top}
            thead th{background:#e8eef5}
            .problem{border:2px solid #b00020;background:#fdecee;padding:.5rem 1rem;margin:.5rem 0}
            .state-bad{color:#b00020;font-weight:bold}
            .state-good{color:#1b6b33}
            section.takeover{border-top:1px solid #8c8c8c;margin-top:1rem}
            svg{max-width:100%;height:auto}
            footer{border-top:1px solid #8c8c8c;margin-top:2rem;padding-top:.5rem;padding-bottom:1rem;color:#4d4d4d}
            """;

    private Html() {
    }

    /** Text for HTML content and attribute values: {@code < > & " '} escaped; null is empty. */
    static String text(String value) {
        return TimelineSvg.escape(value);
    }

    /** A time a reader can read, with its exact value in {@code datetime}; absent is a dash. */
    static String time(Instant at) {
        return at == null ? "–" : "<time datetime=\"" + at + "\">" + TimelineSvg.clock(at) + "</time>";
    }

    /** A dash for a missing value, else the escaped value. */
    static String orDash(String value) {
        return value == null || value.isBlank() ? "–" : text(value);
    }

    /**
     * A table with a caption and column headers; each row's cells are HTML already (built with {@link #text}), its
     * first cell a row header.
     */
    static String table(String caption, List<String> headers, List<List<String>> rows, String whenEmpty) {
        if (rows.isEmpty()) {
            return "<p>" + text(whenEmpty) + "</p>\n";
        }
        StringBuilder s = new StringBuilder("<table>\n<caption>").append(text(caption)).append("</caption>\n<thead><tr>");
        headers.forEach(h -> s.append("<th scope=\"col\">").append(text(h)).append("</th>"));
        s.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            s.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                s.append(i == 0 ? "<th scope=\"row\">" : "<td>").append(row.get(i)).append(i == 0 ? "</th>" : "</td>");
            }
            s.append("</tr>\n");
        }
        return s.append("</tbody>\n</table>\n").toString();
    }

    /** A service that could not be read: said where the reader looks first, as an alert. */
    static String problem(String what, String problem) {
        return "<div class=\"problem\" role=\"alert\"><strong>" + text(what) + " could not be read.</strong> "
                + text(problem) + "</div>\n";
    }

    /** A state in words, marked when it is one an operator must look at. */
    static String state(String state) {
        if (state == null) {
            return "–";
        }
        String lower = state.toLowerCase(java.util.Locale.ROOT);
        boolean bad = lower.contains("offline") || lower.contains("fail") || lower.contains("down")
                || lower.contains("blocked") || lower.contains("unreachable") || lower.contains("abandon")
                || lower.equals("takeoverpending") || lower.contains("unknown");
        boolean good = lower.equals("online") || lower.equals("up") || lower.equals("ok") || lower.equals("completed")
                || lower.equals("ready") || lower.equals("attached") || lower.equals("registered");
        return bad ? "<span class=\"state-bad\">" + text(state) + "</span>"
                : good ? "<span class=\"state-good\">" + text(state) + "</span>" : text(state);
    }

    /** The whole page: head (no external resource, refreshes itself), header with navigation, main, footer. */
    static String page(Page current, String body, Instant readAt, int refreshSeconds) {
        StringBuilder s = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (refreshSeconds > 0) {
            s.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">\n");
        }
        s.append("<title>").append(text(current.name)).append(" — Mooring console</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
                .append("<header>\n<p>Mooring console <span>(read-only)</span></p>\n<nav aria-label=\"Console pages\"><ul>\n");
        for (Page p : Page.values()) {
            s.append("<li><a href=\"").append(p.path).append('"').append(p == current ? " aria-current=\"page\"" : "")
                    .append('>').append(text(p.name)).append("</a></li>\n");
        }
        s.append("</ul></nav>\n</header>\n<main id=\"main\">\n<h1>").append(text(current.name)).append("</h1>\n")
                .append(body).append("</main>\n<footer>\n<p>Read from the services at ").append(time(readAt))
                .append(refreshSeconds > 0 ? "; this page refreshes every " + refreshSeconds + " s" : "")
                .append(". <a href=\"").append(current.path).append("\">Refresh now</a></p>\n</footer>\n</body>\n</html>\n");
        return s.toString();
    }
}
