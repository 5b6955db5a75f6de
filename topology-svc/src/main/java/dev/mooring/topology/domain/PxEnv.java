package dev.mooring.topology.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The topology values a node reported from its {@code /etc/pwx/px_env}: {@code PX_REGION}, {@code PX_ZONE},
 * {@code PX_RACK} and the older {@code PWX_} spelling of each. Only these keys are kept: the file may hold
 * other settings (proxies, credentials) that Mooring has no business storing, so any other key is dropped
 * and only its name reported back. Blank values count as not set. Each kept value must be usable as a
 * Kubernetes label value, because Mooring may write it back as one.
 */
public record PxEnv(Map<String, String> values) {

    /** Every key Mooring keeps, in precedence order per level. */
    public static final List<String> KEYS = List.of("PX_REGION", "PWX_REGION", "PX_ZONE", "PWX_ZONE",
            "PX_RACK", "PWX_RACK");

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern EXPORT = Pattern.compile("^export\\s+");

    public PxEnv {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static PxEnv empty() {
        return new PxEnv(Map.of());
    }

    /** A report read: the kept values, the names of keys dropped, and any problems (then nothing is kept). */
    public record Parsed(PxEnv env, List<String> ignoredKeys, List<FieldProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads the file's text as a shell would source it: {@code KEY=value} lines, optionally {@code export}ed,
     * values optionally in single or double quotes; blank lines and {@code #} comments are skipped; a later
     * assignment of a key replaces an earlier one. A line's content is never echoed in a problem (it may be a
     * secret): problems name the line number or the key.
     */
    public static Parsed fromText(String text) {
        Map<String, String> kept = new TreeMap<>();
        Set<String> ignored = new LinkedHashSet<>();
        List<FieldProblem> problems = new ArrayList<>();
        String[] lines = text == null ? new String[0] : text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = "line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            line = EXPORT.matcher(line).replaceFirst("");
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(new FieldProblem(where, "is not a KEY=value assignment"));
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!VARIABLE.matcher(key).matches()) {
                problems.add(new FieldProblem(where, "'" + abbreviate(key) + "' is not a variable name"));
                continue;
            }
            if (!KEYS.contains(key)) {
                ignored.add(key);
                continue;
            }
            Unquoted value = unquote(line.substring(eq + 1).strip());
            if (value.problem() != null) {
                problems.add(new FieldProblem(key, value.problem() + " (" + where + ")"));
                continue;
            }
            keep(key, value.value(), kept, problems);
        }
        return result(kept, ignored, problems);
    }

    /**
     * Reads a JSON object of key to value. Strings and numbers are taken as text; null or blank means not set;
     * anything else is refused, naming the key.
     */
    public static Parsed fromMap(Map<String, ?> map) {
        Map<String, String> kept = new TreeMap<>();
        Set<String> ignored = new LinkedHashSet<>();
        List<FieldProblem> problems = new ArrayList<>();
        if (map != null) {
            map.forEach((key, raw) -> {
                if (!KEYS.contains(key)) {
                    ignored.add(key);
                } else if (raw == null) {
                    kept.remove(key);
                } else if (raw instanceof String || raw instanceof Number) {
                    keep(key, raw.toString().strip(), kept, problems);
                } else {
                    problems.add(new FieldProblem(key, "must be a string"));
                }
            });
        }
        return result(kept, ignored, problems);
    }

    private static void keep(String key, String value, Map<String, String> kept, List<FieldProblem> problems) {
        if (value.isEmpty()) {
            kept.remove(key); // blank: not set, as the shell would have it after an empty assignment
            return;
        }
        String problem = KubernetesNames.labelValueProblem(value);
        if (problem != null) {
            problems.add(new FieldProblem(key, problem));
        } else {
            kept.put(key, value);
        }
    }

    private static Parsed result(Map<String, String> kept, Set<String> ignored, List<FieldProblem> problems) {
        PxEnv env = problems.isEmpty() ? new PxEnv(kept) : empty();
        return new Parsed(env, List.copyOf(ignored), List.copyOf(problems));
    }

    private record Unquoted(String value, String problem) {
    }

    /** The value without its quotes and any trailing comment. */
    private static Unquoted unquote(String raw) {
        if (raw.startsWith("\"") || raw.startsWith("'")) {
            char quote = raw.charAt(0);
            int end = raw.indexOf(quote, 1);
            if (end < 0) {
                return new Unquoted(null, "has an unterminated quote");
            }
            String rest = raw.substring(end + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                // `"a"b` concatenates in a shell; nobody writes a zone that way, so refuse rather than guess.
                return new Unquoted(null, "has text after its closing quote");
            }
            return new Unquoted(raw.substring(1, end).strip(), null);
        }
        int comment = indexOfComment(raw);
        return new Unquoted((comment < 0 ? raw : raw.substring(0, comment)).strip(), null);
    }

    private static int indexOfComment(String raw) {
        for (int i = 1; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
