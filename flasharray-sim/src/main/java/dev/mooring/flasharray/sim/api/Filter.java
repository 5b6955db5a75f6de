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
 * FlashArray's {@code filter=} subset: {@code = != < > <= >=}, quoted literals with {@code *} wildcards,
 * {@code contains(field,'x')}, {@code not(expr)}, a bare field as an existence/truthiness test, {@code and},
 * {@code or} and parentheses, case-insensitive keywords, dotted paths. A field holding a list (or a path through
 * a list) matches when any element matches. String comparison ignores case (as Purity names do).
 */
public final class Filter {

    /** A malformed filter; the message says what and where. */
    public static final class FilterException extends RuntimeException {
        public FilterException(String message) {
            super(message, null, false, false);
        }
    }

    private enum Kind { IDENT, STRING, NUMBER, OP, LPAREN, RPAREN, COMMA, END }

    private record Token(Kind kind, String text, int pos) {
    }

    private final String source;
    private final List<Token> tokens;
    private int i;

    private Filter(String source) {
        this.source = source;
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
            String field = field();
            expect(Kind.COMMA, "','");
            String needle = literal().toLowerCase(Locale.ROOT);
            expect(Kind.RPAREN, "')'");
            String[] path = field.split("\\.");
            return o -> {
                for (Object v : values(o, path)) {
                    if (v != null && !(v instanceof JsonObject) && String.valueOf(v).toLowerCase(Locale.ROOT).contains(needle)) {
                        return true;
                    }
                }
                return false;
            };
        }
        String field = field();
        String[] path = field.split("\\.");
        if (peek().kind != Kind.OP) {
            return o -> {
                for (Object v : values(o, path)) {
                    if (truthy(v)) {
                        return true;
                    }
                }
                return false;
            };
        }
        String op = next().text;
        String lit = literal();
        return comparison(path, op, lit);
    }

    private String field() {
        Token t = next();
        if (t.kind != Kind.IDENT || t.text.contains("*") || t.text.startsWith(".") || t.text.endsWith(".")
                || t.text.equalsIgnoreCase("and") || t.text.equalsIgnoreCase("or")) {
            throw new FilterException("expected a field name but found '" + t.text + "' at position " + (t.pos + 1));
        }
        return t.text;
    }

    private String literal() {
        Token t = next();
        if (t.kind == Kind.STRING || t.kind == Kind.NUMBER || t.kind == Kind.IDENT) {
            return t.text;
        }
        throw new FilterException("expected a value but found '" + t.text + "' at position " + (t.pos + 1));
    }

    // ---------------------------------------------------------------- evaluation

    private static Predicate<JsonObject> comparison(String[] path, String op, String lit) {
        BigDecimal num = number(lit);
        Pattern wildcard = lit.contains("*") ? wildcard(lit) : null;
        Predicate<Object> equals = v -> {
            if (v == null || v instanceof JsonObject) {
                return false;
            }
            if (v instanceof Number n && num != null) {
                return new BigDecimal(n.toString()).compareTo(num) == 0;
            }
            String s = String.valueOf(v);
            return wildcard != null ? wildcard.matcher(s).matches() : s.equalsIgnoreCase(lit);
        };
        switch (op) {
            case "=":
                return o -> anyMatch(values(o, path), equals);
            case "!=":
                return o -> !anyMatch(values(o, path), equals);
            default:
                return o -> anyMatch(values(o, path), v -> {
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

    private static boolean anyMatch(List<Object> values, Predicate<Object> p) {
        for (Object v : values) {
            if (p.test(v)) {
                return true;
            }
        }
        return false;
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
        JsonObject obj;
        if (node instanceof JsonObject jo) {
            obj = jo;
        } else if (node instanceof java.util.Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> mm = (java.util.Map<String, Object>) m;
            obj = new JsonObject(mm);
        } else {
            return;
        }
        if (!obj.containsKey(path[depth])) {
            return;
        }
        collect(obj.getValue(path[depth]), path, depth + 1, out);
    }
}
