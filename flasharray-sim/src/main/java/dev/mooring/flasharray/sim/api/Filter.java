package dev.mooring.flasharray.sim.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * FlashArray's {@code filter=} grammar as Pure's SDKs write it: {@code = != < > <= >=}, quoted literals with
 * {@code *} wildcards, value lists ({@code name=('a','b')}: equal to any of them), {@code contains(field,'x')},
 * {@code not(expr)}, a bare field as an existence/truthiness test, {@code and}, {@code or} and parentheses,
 * case-insensitive keywords, dotted paths, and list quantifiers {@code field[any]} / {@code field[all]} on any
 * segment ({@code wwns[any]='…'}, {@code arrays[all].status='online'}). A list met without a quantifier matches when
 * any element matches, and {@code !=} without one means "no element equals". String comparison ignores case (as Purity
 * names do).
 */
public final class Filter {

    /** A malformed filter; the message says what and where. */
    public static final class FilterException extends RuntimeException {
        public FilterException(String message) {
            super(message, null, false, false);
        }
    }

    private enum Kind { IDENT, STRING, NUMBER, OP, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, END }

    private record Token(Kind kind, String text, int pos) {
        int end() {
            return pos + text.length();
        }
    }

    /** How a list met at a path segment is matched. */
    private enum Quantifier { NONE, ANY, ALL }

    private record Segment(String name, Quantifier quantifier) {
    }

    private record Path(List<Segment> segments, String text) {
        boolean quantified() {
            return segments.stream().anyMatch(s -> s.quantifier != Quantifier.NONE);
        }
    }

    private final List<Token> tokens;
    private int i;

    private Filter(String source) {
        this.tokens = lex(source);
    }

    /** Parses a filter expression into a predicate over rendered items. */
    public static Predicate<JsonObject> parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new FilterException("the filter is empty");
        }
        Filter f = new Filter(expression);
        Predicate<JsonObject> p = f.orExpr();
        Token t = f.peek();
        if (t.kind != Kind.END) {
            throw new FilterException("unexpected '" + t.text + "' at position " + (t.pos + 1));
        }
        return p;
    }

    // ---------------------------------------------------------------- lexer

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int p = 0;
        while (p < n) {
            char c = s.charAt(p);
            if (Character.isWhitespace(c)) {
                p++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", p++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", p++));
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", p++));
            } else if (c == '[') {
                out.add(new Token(Kind.LBRACKET, "[", p++));
            } else if (c == ']') {
                out.add(new Token(Kind.RBRACKET, "]", p++));
            } else if (c == '\'' || c == '"') {
                int start = p++;
                StringBuilder b = new StringBuilder();
                boolean closed = false;
                while (p < n) {
                    char d = s.charAt(p);
                    if (d == '\\' && p + 1 < n) {
                        b.append(s.charAt(p + 1));
                        p += 2;
                    } else if (d == c) {
                        if (p + 1 < n && s.charAt(p + 1) == c) {
                            b.append(c);
                            p += 2;
                        } else {
                            p++;
                            closed = true;
                            break;
                        }
                    } else {
                        b.append(d);
                        p++;
                    }
                }
                if (!closed) {
                    throw new FilterException("unterminated string starting at position " + (start + 1));
                }
                out.add(new Token(Kind.STRING, b.toString(), start));
            } else if (c == '=' ) {
                out.add(new Token(Kind.OP, "=", p++));
            } else if (c == '!' || c == '<' || c == '>') {
                if (p + 1 < n && s.charAt(p + 1) == '=') {
                    out.add(new Token(Kind.OP, c + "=", p));
                    p += 2;
                } else if (c == '!') {
                    throw new FilterException("'!' must be followed by '=' at position " + (p + 1));
                } else {
                    out.add(new Token(Kind.OP, String.valueOf(c), p++));
                }
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '*' || c == ':') {
                int start = p;
                while (p < n) {
                    char d = s.charAt(p);
                    if (Character.isLetterOrDigit(d) || d == '_' || d == '-' || d == '.' || d == '*' || d == ':') {
                        p++;
                    } else {
                        break;
                    }
                }
                String text = s.substring(start, p);
                boolean number = text.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
                out.add(new Token(number ? Kind.NUMBER : Kind.IDENT, text, start));
            } else {
                throw new FilterException("unexpected character '" + c + "' at position " + (p + 1));
            }
        }
        out.add(new Token(Kind.END, "end of filter", n));
        return out;
    }

    // ---------------------------------------------------------------- parser

    private Token peek() {
        return tokens.get(i);
    }

    private Token next() {
        return tokens.get(i++);
    }

    private boolean keyword(String k) {
        Token t = peek();
        return t.kind == Kind.IDENT && t.text.equalsIgnoreCase(k);
    }

    private Token expect(Kind kind, String what) {
        Token t = next();
        if (t.kind != kind) {
            throw new FilterException("expected " + what + " but found '" + t.text + "' at position " + (t.pos + 1));
        }
        return t;
    }

    private Predicate<JsonObject> orExpr() {
        Predicate<JsonObject> left = andExpr();
        while (keyword("or")) {
            next();
            Predicate<JsonObject> right = andExpr();
            Predicate<JsonObject> l = left;
            left = o -> l.test(o) || right.test(o);
        }
        return left;
    }

    private Predicate<JsonObject> andExpr() {
        Predicate<JsonObject> left = unary();
        while (keyword("and")) {
            next();
            Predicate<JsonObject> right = unary();
            Predicate<JsonObject> l = left;
            left = o -> l.test(o) && right.test(o);
        }
        return left;
    }

    private Predicate<JsonObject> unary() {
        Token t = peek();
        if (t.kind == Kind.LPAREN) {
            next();
            Predicate<JsonObject> inner = orExpr();
            expect(Kind.RPAREN, "')'");
            return inner;
        }
        if (t.kind == Kind.IDENT && t.text.equalsIgnoreCase("not") && tokens.get(i + 1).kind != Kind.OP) {
            next();
            Predicate<JsonObject> inner = unary();
            return inner.negate();
        }
        if (t.kind == Kind.IDENT && t.text.equalsIgnoreCase("contains") && tokens.get(i + 1).kind == Kind.LPAREN) {
            next();
            next();
            Path path = field();
            expect(Kind.COMMA, "','");
            String needle = literal().toLowerCase(Locale.ROOT);
            expect(Kind.RPAREN, "')'");
            return o -> test(o, path, v -> v != null && !(v instanceof JsonObject)
                    && String.valueOf(v).toLowerCase(Locale.ROOT).contains(needle));
        }
        Path path = field();
        if (peek().kind != Kind.OP) {
            return o -> test(o, path, Filter::truthy);
        }
        Token op = next();
        if (peek().kind == Kind.LPAREN) {
            if (!op.text.equals("=") && !op.text.equals("!=")) {
                throw new FilterException("a list of values works only with = and !=, not with '" + op.text + "' at position " + (op.pos + 1));
            }
            List<String> values = valueList();
            return comparison(path, op.text, values);
        }
        return comparison(path, op.text, List.of(literal()));
    }

    /** A field path: {@code name}, {@code pod.name}, {@code wwns[any]}, {@code arrays[all].status}. */
    private Path field() {
        Token t = next();
        if (t.kind != Kind.IDENT || t.text.startsWith(".") || t.text.equalsIgnoreCase("and") || t.text.equalsIgnoreCase("or")) {
            throw new FilterException("expected a field name but found '" + t.text + "' at position " + (t.pos + 1));
        }
        List<Segment> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Token last = t;
        addSegments(t, segments, text);
        while (true) {
            Token n = peek();
            if (n.kind == Kind.LBRACKET && n.pos == last.end()) {
                next();
                Token q = next();
                if (q.kind != Kind.IDENT || !(q.text.equalsIgnoreCase("any") || q.text.equalsIgnoreCase("all"))) {
                    throw new FilterException("a list index must be [any] or [all], not '" + q.text + "' at position " + (q.pos + 1));
                }
                last = expect(Kind.RBRACKET, "']'");
                Segment s = segments.remove(segments.size() - 1);
                if (s.quantifier != Quantifier.NONE) {
                    throw new FilterException("two list indexes on '" + s.name + "' at position " + (q.pos + 1));
                }
                segments.add(new Segment(s.name, q.text.equalsIgnoreCase("any") ? Quantifier.ANY : Quantifier.ALL));
                text.append('[').append(q.text.toLowerCase(Locale.ROOT)).append(']');
            } else if (n.kind == Kind.IDENT && n.pos == last.end() && n.text.startsWith(".") && last.kind == Kind.RBRACKET) {
                last = next();
                addSegments(new Token(Kind.IDENT, last.text.substring(1), last.pos + 1), segments, text.append('.'));
            } else {
                return new Path(List.copyOf(segments), text.toString());
            }
        }
    }

    private static void addSegments(Token t, List<Segment> segments, StringBuilder text) {
        if (t.text.isEmpty() || t.text.contains("*") || t.text.endsWith(".") || t.text.contains("..")) {
            throw new FilterException("expected a field name but found '" + t.text + "' at position " + (t.pos + 1));
        }
        for (String part : t.text.split("\\.")) {
            segments.add(new Segment(part, Quantifier.NONE));
        }
        text.append(t.text);
    }

    private String literal() {
        Token t = next();
        if (t.kind == Kind.STRING || t.kind == Kind.NUMBER || t.kind == Kind.IDENT) {
            return t.text;
        }
        throw new FilterException("expected a value but found '" + t.text + "' at position " + (t.pos + 1));
    }

    /** {@code ('a', 'b', 3)}: at least one value. */
    private List<String> valueList() {
        expect(Kind.LPAREN, "'('");
        List<String> values = new ArrayList<>();
        values.add(literal());
        while (peek().kind == Kind.COMMA) {
            next();
            values.add(literal());
        }
        expect(Kind.RPAREN, "')' closing the list of values");
        return values;
    }

    // ---------------------------------------------------------------- evaluation

    private static Predicate<JsonObject> comparison(Path path, String op, List<String> literals) {
        List<Predicate<Object>> equalsAny = new ArrayList<>();
        for (String lit : literals) {
            equalsAny.add(equalsLiteral(lit));
        }
        Predicate<Object> equals = v -> equalsAny.stream().anyMatch(e -> e.test(v));
        switch (op) {
            case "=":
                return o -> test(o, path, equals);
            case "!=":
                // with [any]/[all] the quantifier applies to "differs"; without one, "no element equals"
                return path.quantified() ? o -> test(o, path, v -> v != null && !(v instanceof JsonObject) && !equals.test(v))
                        : o -> !test(o, path, equals);
            default:
                String lit = literals.get(0);
                BigDecimal num = number(lit);
                return o -> test(o, path, v -> {
                    int c;
                    if (v == null || v instanceof JsonObject) {
                        return false;
                    }
                    if (v instanceof Number n && num != null) {
                        c = new BigDecimal(n.toString()).compareTo(num);
                    } else {
                        c = String.valueOf(v).compareToIgnoreCase(lit);
                    }
                    return switch (op) {
                        case "<" -> c < 0;
                        case ">" -> c > 0;
                        case "<=" -> c <= 0;
                        default -> c >= 0;
                    };
                });
        }
    }

    private static Predicate<Object> equalsLiteral(String lit) {
        BigDecimal num = number(lit);
        Pattern wildcard = lit.contains("*") ? wildcard(lit) : null;
        return v -> {
            if (v == null || v instanceof JsonObject) {
                return false;
            }
            if (v instanceof Number n && num != null) {
                return new BigDecimal(n.toString()).compareTo(num) == 0;
            }
            String s = String.valueOf(v);
            return wildcard != null ? wildcard.matcher(s).matches() : s.equalsIgnoreCase(lit);
        };
    }

    /** Whether the leaf values at the path satisfy {@code leaf}, lists matched by their quantifier. */
    private static boolean test(JsonObject item, Path path, Predicate<Object> leaf) {
        return test(item, path.segments, 0, Quantifier.NONE, leaf);
    }

    private static boolean test(Object node, List<Segment> path, int depth, Quantifier listMode, Predicate<Object> leaf) {
        if (node instanceof JsonArray || node instanceof List<?>) {
            Iterable<?> elements = node instanceof JsonArray arr ? arr : (List<?>) node;
            if (listMode == Quantifier.ALL) {
                // every element must match; an empty list matches vacuously
                for (Object e : elements) {
                    if (!test(e, path, depth, listMode, leaf)) {
                        return false;
                    }
                }
                return true;
            }
            for (Object e : elements) {
                if (test(e, path, depth, listMode, leaf)) {
                    return true;
                }
            }
            return false;
        }
        if (depth == path.size()) {
            return leaf.test(node);
        }
        JsonObject obj = asObject(node);
        if (obj == null) {
            return false;
        }
        Segment s = path.get(depth);
        if (!obj.containsKey(s.name)) {
            return false;
        }
        return test(obj.getValue(s.name), path, depth + 1, s.quantifier, leaf);
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Pattern wildcard(String lit) {
        java.util.StringJoiner j = new java.util.StringJoiner(".*");
        for (String part : lit.split("\\*", -1)) {
            j.add(Pattern.quote(part));
        }
        return Pattern.compile(j.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof JsonObject o) {
            for (Object x : o.getMap().values()) {
                if (x != null) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** A JSON object as Vert.x holds it (a JsonObject, or a Map inside a list); null for anything else. */
    private static JsonObject asObject(Object node) {
        if (node instanceof JsonObject jo) {
            return jo;
        }
        if (node instanceof java.util.Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> mm = (java.util.Map<String, Object>) m;
            return new JsonObject(mm);
        }
        return null;
    }

    /** Leaf values at a dotted path; lists on the way (and at the end) are flattened. Missing paths give none. */
    static List<Object> values(JsonObject o, String[] path) {
        List<Object> out = new ArrayList<>(2);
        collect(o, path, 0, out);
        return out;
    }

    private static void collect(Object node, String[] path, int depth, List<Object> out) {
        if (node instanceof JsonArray arr) {
            for (Object e : arr) {
                collect(e, path, depth, out);
            }
            return;
        }
        if (node instanceof List<?> list) {
            for (Object e : list) {
                collect(e, path, depth, out);
            }
            return;
        }
        if (depth == path.length) {
            out.add(node);
            return;
        }
        JsonObject obj = asObject(node);
        if (obj == null) {
            return;
        }
        if (!obj.containsKey(path[depth])) {
            return;
        }
        collect(obj.getValue(path[depth]), path, depth + 1, out);
    }
}
