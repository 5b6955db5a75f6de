package dev.mooring.devstack.configdoc;

import java.util.ArrayList;
import java.util.List;

/** Javadoc text as Markdown for one table cell. */
final class Markdown {

    private Markdown() {
    }

    /**
     * Inline tags become code spans or plain names, HTML goes, whitespace collapses to one line. Code keeps what
     * looks like HTML ({@code <prefix>-<name>}) and nested braces ({@code /nodes/{name}}).
     */
    static String fromJavadoc(String javadoc) {
        List<String> spans = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < javadoc.length()) {
            int start = javadoc.indexOf("{@", i);
            if (start < 0) {
                text.append(javadoc, i, javadoc.length());
                break;
            }
            text.append(javadoc, i, start);
            int end = closingBrace(javadoc, start);
            String tag = javadoc.substring(start + 2, end);
            int space = tag.indexOf(' ');
            String name = space < 0 ? tag : tag.substring(0, space);
            String body = space < 0 ? "" : tag.substring(space + 1).strip();
            if (name.equals("code") || name.equals("literal")) {
                spans.add("`" + body + "`");
                text.append('\uE000').append(spans.size() - 1).append('\uE001');
            } else if (name.startsWith("link")) {
                int label = body.indexOf(' ');
                text.append(label < 0 ? "`" + body.replace('#', '.') + "`" : body.substring(label + 1));
            } else {
                text.append(body);
            }
            i = end + 1;
        }
        String plain = text.toString()
                .replaceAll("</?[a-zA-Z][^>]*>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replaceAll("\\s+", " ")
                .trim();
        for (int n = 0; n < spans.size(); n++) {
            plain = plain.replace("\uE000" + n + "\uE001", spans.get(n));
        }
        return plain;
    }

    private static int closingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced inline tag in Javadoc: " + text);
    }

    /** Safe inside a table cell. */
    static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** A value shown as code; an empty one as {@code ""}. */
    static String code(String value) {
        return value.isEmpty() ? "`\"\"`" : "`" + value + "`";
    }
}
