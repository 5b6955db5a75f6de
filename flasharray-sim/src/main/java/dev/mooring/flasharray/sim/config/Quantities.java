package dev.mooring.flasharray.sim.config;

import java.math.BigDecimal;

/** Byte quantities: a plain number, or a number with a suffix (Ki Mi Gi Ti Pi binary; K M G T P decimal). */
public final class Quantities {
    private Quantities() {
    }

    public static long parseBytes(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty quantity");
        }
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"Pi", "1125899906842624"}, {"K", "1000"}, {"M", "1000000"}, {"G", "1000000000"},
                {"T", "1000000000000"}, {"P", "1000000000000000"}};
        BigDecimal multiplier = BigDecimal.ONE;
        String number = t;
        for (String[] s : suffixes) {
            if (t.endsWith(s[0])) {
                multiplier = new BigDecimal(s[1]);
                number = t.substring(0, t.length() - s[0].length()).trim();
                break;
            }
        }
        try {
            BigDecimal value = new BigDecimal(number).multiply(multiplier);
            return value.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a byte quantity like 10995116277760 or 10Ti");
        }
    }
}
