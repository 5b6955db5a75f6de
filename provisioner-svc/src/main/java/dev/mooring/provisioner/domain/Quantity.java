package dev.mooring.provisioner.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 10Gi}, {@code 500M}, {@code 1.5Ti}, {@code 1073741824}) as bytes.
 * Binary suffixes are powers of 1024, decimal ones powers of 1000, exactly as Kubernetes reads them.
 */
public final class Quantity {

    private static final Pattern FORMAT = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$");
    private static final Map<String, BigInteger> MULTIPLIERS = Map.ofEntries(
            Map.entry("Ki", BigInteger.TWO.pow(10)), Map.entry("Mi", BigInteger.TWO.pow(20)),
            Map.entry("Gi", BigInteger.TWO.pow(30)), Map.entry("Ti", BigInteger.TWO.pow(40)),
            Map.entry("Pi", BigInteger.TWO.pow(50)), Map.entry("Ei", BigInteger.TWO.pow(60)),
            Map.entry("k", BigInteger.TEN.pow(3)), Map.entry("K", BigInteger.TEN.pow(3)),
            Map.entry("M", BigInteger.TEN.pow(6)), Map.entry("G", BigInteger.TEN.pow(9)),
            Map.entry("T", BigInteger.TEN.pow(12)), Map.entry("P", BigInteger.TEN.pow(15)),
            Map.entry("E", BigInteger.TEN.pow(18)));

    private Quantity() {
    }

    /**
     * The number of bytes a quantity denotes, rounded up to a whole byte.
     *
     * @throws IllegalArgumentException with a message a user can act on when it is not a quantity
     */
    public static BigInteger bytes(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        Matcher m = FORMAT.matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + quantity + "' is not a quantity; use a number with an "
                    + "optional suffix such as 10Gi, 500Mi or 1T");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        BigInteger multiplier = m.group(2) == null ? BigInteger.ONE : MULTIPLIERS.get(m.group(2));
        return number.multiply(new BigDecimal(multiplier)).setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    }

    /** A byte count in the largest binary unit that shows it exactly, e.g. 10737418240 → {@code 10Gi}. */
    public static String format(long bytes) {
        String[] units = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
