package dev.mooring.devstack.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label and field selectors as the API server reads them from {@code labelSelector} and {@code fieldSelector}:
 * {@code app=web,tier!=db,env in (a,b),!legacy} on labels; {@code involvedObject.name=vm-disk,type!=Normal} on
 * the fields a kind declares (anything else is refused: {@code field label not supported}).
 */
public final class Selectors {

    private static final Pattern SET = Pattern.compile("^([^\\s!=<>(),]+)\\s+(in|notin)\\s*\\((.*)\\)$");
    private static final Pattern COMPARE = Pattern.compile("^([^\\s!=<>(),]+)\\s*(!=|==|=|>|<)\\s*(.*)$");
    private static final Pattern KEY = Pattern.compile("^!?\\s*[^\\s!=<>(),]+$");

    private Selectors() {
    }

    /** A predicate over whole objects for both selectors (either may be null or empty). */
    public static Predicate<JsonNode> of(String labelSelector, String fieldSelector, ApiResource resource) {
        Predicate<JsonNode> labels = labels(labelSelector);
        Predicate<JsonNode> fields = fields(fieldSelector, resource);
        return labels.and(fields);
    }

    /** A label selector as a predicate over objects. */
    static Predicate<JsonNode> labels(String selector) {
        Predicate<JsonNode> all = o -> true;
        if (selector == null || selector.isBlank()) {
            return all;
        }
        for (String term : split(selector)) {
            all = all.and(labelTerm(term.trim(), selector));
        }
        return all;
    }

    private static Predicate<JsonNode> labelTerm(String term, String selector) {
        Matcher set = SET.matcher(term);
        if (set.matches()) {
            String key = set.group(1);
            Set<String> values = Set.copyOf(List.of(set.group(3).split("\\s*,\\s*")).stream().map(String::trim).toList());
            boolean in = set.group(2).equals("in");
            return o -> {
                JsonNode v = label(o, key);
                return in ? v != null && values.contains(v.asText()) : v == null || !values.contains(v.asText());
            };
        }
        Matcher compare = COMPARE.matcher(term);
        if (compare.matches()) {
            String key = compare.group(1);
            String value = compare.group(3).trim();
            return switch (compare.group(2)) {
                case "!=" -> o -> label(o, key) == null || !label(o, key).asText().equals(value);
                case ">", "<" -> {
                    long bound = number(value, selector);
                    boolean greater = compare.group(2).equals(">");
                    yield o -> {
                        JsonNode v = label(o, key);
                        try {
                            return v != null && (greater ? Long.parseLong(v.asText()) > bound : Long.parseLong(v.asText()) < bound);
                        } catch (NumberFormatException e) {
                            return false;
                        }
                    };
                }
                default -> o -> label(o, key) != null && label(o, key).asText().equals(value);
            };
        }
        if (KEY.matcher(term).matches()) {
            boolean absent = term.startsWith("!");
            String key = absent ? term.substring(1).trim() : term;
            return o -> absent == (label(o, key) == null);
        }
        throw ApiException.badRequest("unable to parse requirement: \"" + term + "\" in label selector \"" + selector + "\"");
    }

    private static long number(String value, String selector) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("for 'gt', 'lt' operators, the value must be an integer: \"" + value
                    + "\" in label selector \"" + selector + "\"");
        }
    }

    private static JsonNode label(JsonNode object, String key) {
        JsonNode labels = object.path("metadata").path("labels");
        JsonNode value = labels.get(key);
        return value == null || value.isNull() ? null : value;
    }

    /** A field selector as a predicate over objects; refuses labels the resource does not declare. */
    static Predicate<JsonNode> fields(String selector, ApiResource resource) {
        Predicate<JsonNode> all = o -> true;
        if (selector == null || selector.isBlank()) {
            return all;
        }
        Map<String, String> labels = resource.fieldLabels();
        for (String term : splitEscaped(selector)) {
            String[] parts = fieldTerm(term);
            String pointer = labels.get(parts[0]);
            if (pointer == null) {
                throw ApiException.badRequest("field label not supported: " + parts[0]);
            }
            String value = unescape(parts[2]);
            boolean equal = !parts[1].equals("!=");
            all = all.and(o -> equal == fieldValue(o, pointer).equals(value));
        }
        return all;
    }

    private static String fieldValue(JsonNode object, String pointer) {
        JsonNode value = object.at(pointer);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    /** {@code [label, operator, escaped value]} of one term. */
    private static String[] fieldTerm(String term) {
        for (String op : List.of("!=", "==", "=")) {
            int at = indexUnescaped(term, op);
            if (at > 0) {
                return new String[] {term.substring(0, at).trim(), op, term.substring(at + op.length())};
            }
        }
        throw ApiException.badRequest("invalid selector: '" + term + "'; can't understand '" + term + "'");
    }

    private static int indexUnescaped(String term, String op) {
        for (int i = 0; i + op.length() <= term.length(); i++) {
            if (term.charAt(i) == '\\') {
                i++;
            } else if (term.startsWith(op, i)) {
                return i;
            }
        }
        return -1;
    }

    /** Splits on commas outside parentheses (label selectors' set values contain commas). */
    private static List<String> split(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        StringBuilder term = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                terms.add(term.toString());
                term.setLength(0);
            } else {
                term.append(c);
            }
        }
        terms.add(term.toString());
        return terms;
    }

    /** Splits on commas not escaped with a backslash (field selector values may contain {@code \,}). */
    private static List<String> splitEscaped(String selector) {
        List<String> terms = new ArrayList<>();
        StringBuilder term = new StringBuilder();
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '\\' && i + 1 < selector.length()) {
                term.append(c).append(selector.charAt(++i));
            } else if (c == ',') {
                terms.add(term.toString());
                term.setLength(0);
            } else {
                term.append(c);
            }
        }
        terms.add(term.toString());
        return terms;
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                out.append(value.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
