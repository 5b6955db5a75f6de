package dev.mooring.health.domain;

/**
 * A share of the nodes as an exact fraction ({@code 1/3}, {@code 0.5}), so "more than a third" of 9 nodes is 4, not
 * the 3 that a rounded {@code 0.333…} would let through.
 */
public record Share(long numerator, long denominator) {

    public Share {
        if (denominator <= 0 || numerator < 0 || numerator > denominator) {
            throw new IllegalArgumentException("a share must lie between 0 and 1, was " + numerator + "/" + denominator);
        }
    }

    /** {@code "1/3"}, {@code "0.5"} or {@code "1"}; the error names the text and what is expected. */
    public static Share parse(String text) {
        String t = text == null ? "" : text.trim();
        try {
            int slash = t.indexOf('/');
            if (slash >= 0) {
                return new Share(Long.parseLong(t.substring(0, slash).trim()),
                        Long.parseLong(t.substring(slash + 1).trim()));
            }
            java.math.BigDecimal d = new java.math.BigDecimal(t);
            int scale = Math.max(0, d.scale());
            long den = java.math.BigInteger.TEN.pow(scale).longValueExact();
            return new Share(d.movePointRight(scale).longValueExact(), den);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a share: write a fraction such as 1/3 or a"
                    + " decimal between 0 and 1 such as 0.5");
        }
    }

    /** Whether {@code count} of {@code total} is strictly more than this share. */
    public boolean exceededBy(long count, long total) {
        return count * denominator > numerator * total;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
