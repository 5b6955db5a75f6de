package dev.mooring.flasharray.client.query;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A FlashArray {@code filter=} expression, built safely.
 *
 * <p>Field names are checked against {@code [a-zA-Z_][a-zA-Z0-9_]*} with dotted paths
 * ({@code pod.name}); string literals are single-quoted. A literal that contains a single quote or a
 * control character is refused with an {@link IllegalArgumentException}: FlashArray names, IQNs,
 * WWNs and NQNs never contain them, and refusing is safer than escaping for a grammar that documents
 * no escape. A {@code *} in a literal stays a wildcard ({@code Filter.eq("name", "pvc-*")}).
 *
 * <pre>{@code
 * Filter.eq("name", "pvc-*").and(Filter.eq("destroyed", false))   // name='pvc-*' and destroyed='false'
 * Filter.contains("iqns", iqn).and(Filter.exists("is_local"))      // contains(iqns,'iqn…') and is_local
 * Filter.not(Filter.eq("pod.name", "p1"))                          // not(pod.name='p1')
 * }</pre>
 */
public final class Filter {

    private static final Pattern FIELD = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*");

    private final String expression;
    /** True when the expression is a chain of and/or that needs parentheses inside another operator. */
    private final boolean compound;

    private Filter(String expression, boolean compound) {
        this.expression = expression;
        this.compound = compound;
    }

    /** {@code field='value'}; the value may contain {@code *} wildcards. */
    public static Filter eq(String field, Object value) {
        return compare(field, "=", value);
    }

    /** {@code field!='value'}. */
    public static Filter ne(String field, Object value) {
        return compare(field, "!=", value);
    }

    /** {@code field<value}. */
    public static Filter lt(String field, Object value) {
        return compare(field, "<", value);
    }

    /** {@code field<=value}. */
    public static Filter le(String field, Object value) {
        return compare(field, "<=", value);
    }

    /** {@code field>value}. */
    public static Filter gt(String field, Object value) {
        return compare(field, ">", value);
    }

    /** {@code field>=value}. */
    public static Filter ge(String field, Object value) {
        return compare(field, ">=", value);
    }

    /** {@code contains(field,'value')}: a substring, or a member of a list field such as {@code iqns}. */
    public static Filter contains(String field, String value) {
        return new Filter("contains(" + field(field) + "," + literal(value) + ")", false);
    }

    /** A bare field name: true when the field is set (or, for booleans, true), e.g. {@code is_local}. */
    public static Filter exists(String field) {
        return new Filter(field(field), false);
    }

    /** {@code not(expr)}. */
    public static Filter not(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        return new Filter("not(" + filter.expression + ")", false);
    }

    /** All of the given filters. */
    public static Filter allOf(Filter first, Filter... more) {
        Filter f = first;
        for (Filter m : more) {
            f = f.and(m);
        }
        return f;
    }

    /** Any of the given filters. */
    public static Filter anyOf(Filter first, Filter... more) {
        Filter f = first;
        for (Filter m : more) {
            f = f.or(m);
        }
        return f;
    }

    /** {@code name='a' or name='b' …} for each value; at least one value. */
    public static Filter in(String field, List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("Filter.in needs at least one value");
        }
        Filter f = eq(field, values.get(0));
        for (int i = 1; i < values.size(); i++) {
            f = f.or(eq(field, values.get(i)));
        }
        return f;
    }

    /** {@code (this) and (other)}; parentheses are added only where needed. */
    public Filter and(Filter other) {
        return join("and", other);
    }

    /** {@code (this) or (other)}; parentheses are added only where needed. */
    public Filter or(Filter other) {
        return join("or", other);
    }

    /** {@code not(this)}. */
    public Filter negate() {
        return not(this);
    }

    /** The expression as sent in {@code filter=} (before URL encoding). */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filter f && f.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    private Filter join(String op, Filter other) {
        Objects.requireNonNull(other, "other");
        return new Filter(group(this) + " " + op + " " + group(other), true);
    }

    private static String group(Filter f) {
        return f.compound ? "(" + f.expression + ")" : f.expression;
    }

    private static Filter compare(String field, String op, Object value) {
        Objects.requireNonNull(value, "value");
        String rendered;
        if (value instanceof Number n) {
            rendered = number(n);
        } else if (value instanceof Boolean b) {
            // Seen in the wild as destroyed='false': quoted.
            rendered = literal(b.toString());
        } else if (value instanceof CharSequence || value instanceof Enum<?>) {
            rendered = literal(value.toString());
        } else {
            throw new IllegalArgumentException("unsupported filter value type " + value.getClass().getName());
        }
        return new Filter(field(field) + op + rendered, false);
    }

    private static String number(Number n) {
        String s = n.toString();
        if (!s.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?")) {
            throw new IllegalArgumentException("not a finite number: " + s);
        }
        return s;
    }

    static String field(String field) {
        if (field == null || !FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException("invalid filter field name: " + printable(field));
        }
        return field;
    }

    static String literal(String value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'') {
                throw new IllegalArgumentException(
                        "filter value must not contain a single quote (FlashArray names cannot): " + printable(value));
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException("filter value must not contain control characters: "
                        + printable(value));
            }
        }
        return "'" + value + "'";
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
