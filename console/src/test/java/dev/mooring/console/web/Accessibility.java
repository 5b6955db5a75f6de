package dev.mooring.console.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accessibility rules the console's pages keep, checked on their HTML: a language, one h1, landmarks, headings
 * that do not skip a level, every table with a caption and column headers, every drawing with a title, every link and
 * image with text.
 */
final class Accessibility {

    private Accessibility() {
    }

    static List<String> problems(String html) {
        List<String> problems = new ArrayList<>();
        if (!html.contains("<html lang=\"")) {
            problems.add("no language on <html>");
        }
        if (count(html, "<h1") != 1) {
            problems.add("not exactly one h1");
        }
        for (String landmark : List.of("<main", "<nav aria-label=", "<header", "<footer")) {
            if (!html.contains(landmark)) {
                problems.add("no " + landmark);
            }
        }
        if (!html.contains("<title>")) {
            problems.add("no page title");
        }
        Matcher headings = Pattern.compile("<h([1-6])").matcher(html);
        int level = 0;
        while (headings.find()) {
            int next = Integer.parseInt(headings.group(1));
            if (next > level + 1) {
                problems.add("heading h" + next + " after h" + level);
            }
            level = next;
        }
        Matcher tables = Pattern.compile("<table>(.*?)</table>", Pattern.DOTALL).matcher(html);
        while (tables.find()) {
            String table = tables.group(1);
            if (!table.matches("(?s)\\s*<caption>[^<]+</caption>.*")) {
                problems.add("a table without a caption first");
            }
            if (!table.contains("<th scope=\"col\">")) {
                problems.add("a table without column headers");
            }
        }
        Matcher svgs = Pattern.compile("<svg(.*?)</svg>", Pattern.DOTALL).matcher(html);
        while (svgs.find()) {
            if (!svgs.group(1).matches("(?s)[^>]*role=\"img\"[^>]*aria-labelledby=\"[^\"]+\"[^>]*>\\s*<title id=[^>]+>[^<]+</title>.*")) {
                problems.add("a drawing without role img, labelledby and a title first");
            }
        }
        Matcher links = Pattern.compile("<a ([^>]*)>(.*?)</a>", Pattern.DOTALL).matcher(html);
        while (links.find()) {
            if (links.group(2).replaceAll("<[^>]*>", "").isBlank()) {
                problems.add("a link without text: " + links.group(1));
            }
        }
        Matcher images = Pattern.compile("<img([^>]*)>").matcher(html);
        while (images.find()) {
            if (!images.group(1).contains("alt=\"")) {
                problems.add("an image without alt");
            }
        }
        if (html.contains("<script") || html.matches("(?s).*(src|href)=\"(https?:)?//.*")) {
            problems.add("a script or an external resource");
        }
        return problems;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
