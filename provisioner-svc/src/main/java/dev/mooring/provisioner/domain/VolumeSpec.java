package dev.mooring.provisioner.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A validated request for a volume: its name, its size in bytes and its storage parameters. */
public record VolumeSpec(String name, long sizeBytes, StorageParameters parameters) {

    /** FlashArray's smallest sensible volume and its largest (4 PiB). */
    public static final long MIN_SIZE = 1L << 20;
    public static final long MAX_SIZE = 4L << 50;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9._]{0,251}[a-z0-9])?");

    /**
     * Validates a request as given by a user: every problem is reported, each naming its field.
     * A size is rounded up to a multiple of 512 bytes (what the array requires), never down.
     */
    public static Result of(String name, String size, Map<String, String> parameters) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (!NAME.matcher(name).matches()) {
            problems.add(new FieldProblem("name", "'" + name + "' must be lower-case letters, digits, '-', '.' or '_',"
                    + " start and end with a letter or digit, and be at most 253 characters"));
        }
        long bytes = size(size, problems);
        StorageParameters.Result params = StorageParameters.parse(parameters, "parameters.");
        problems.addAll(params.problems());
        return problems.isEmpty()
                ? new Result(new VolumeSpec(name, bytes, params.parameters()), List.of())
                : new Result(null, List.copyOf(problems));
    }

    /**
     * A size as a user gives it ("20Gi"), in bytes rounded up to a multiple of 512; 0 with a problem on
     * {@code size} added when it is not one (unparseable, negative, under 1Mi, over 4Pi).
     */
    public static long size(String size, List<FieldProblem> problems) {
        try {
            BigInteger parsed = Quantity.bytes(size);
            if (parsed.compareTo(BigInteger.valueOf(MIN_SIZE)) < 0) {
                problems.add(new FieldProblem("size", "'" + size + "' is smaller than the minimum of 1Mi"));
            } else if (parsed.compareTo(BigInteger.valueOf(MAX_SIZE)) > 0) {
                problems.add(new FieldProblem("size", "'" + size + "' is larger than a FlashArray volume can be (4Pi)"));
            } else {
                return roundUpTo512(parsed.longValueExact());
            }
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("size", size != null && size.trim().startsWith("-")
                    ? "must not be negative, got '" + size + "'" : e.getMessage()));
        }
        return 0;
    }

    static long roundUpTo512(long bytes) {
        return (bytes + 511) / 512 * 512;
    }

    /** Either a spec or every problem that prevents it. */
    public record Result(VolumeSpec spec, List<FieldProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }
}
