package dev.mooring.console.timeline;

import dev.mooring.console.model.TakeoverInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of one takeover on a time axis: the phases it reached as marks, in order, each at its x position; the
 * deadline; the ticks; and the row each label sits in so that no two labels overlap. Pure: {@link TimelineSvg} draws
 * it, a test measures it.
 */
public final class TakeoverTimeline {

    /** Width of the drawing, in SVG user units. */
    public static final int WIDTH = 760;
    /** Where the axis begins and ends. */
    public static final int LEFT = 40;
    public static final int RIGHT = WIDTH - 40;
    /** The axis' height in the drawing; labels hang below it in rows. */
    public static final int AXIS_Y = 56;
    public static final int ROW_HEIGHT = 16;
    /** A label's width per character (12 px sans-serif, roughly): enough to keep labels apart. */
    static final double CHAR_WIDTH = 6.6;

    private static final int[] TICK_STEPS_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
        21600, 43200, 86400};

    /** A phase of a takeover, in the order they happen. */
    public enum Phase {
        LAST_HEARTBEAT("last heartbeat"), OFFLINE("offline"), DEADLINE("deadline"), BLOCKED("blocked"),
        DECIDED("decided"), FENCING_FAILED("fencing failed"), FENCED("fenced"), DRIVES_MOVED("drives moved"),
        IDENTITY_TRANSFERRED("identity transferred"), COMPLETED("completed"), ABANDONED("abandoned");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A phase reached at {@code at}, drawn at {@code x}, its label in row {@code row} anchored at its end or start. */
    public record Mark(Phase phase, Instant at, double x, int row, boolean anchoredAtEnd, String label) {
    }

    /** A tick of the axis: its x and its text ({@code +10 s}). */
    public record Tick(double x, String text) {
    }

    private final TakeoverInfo takeover;
    private final Instant origin;
    private final Instant start;
    private final Instant end;
    private final List<Mark> marks;
    private final int rows;

    private TakeoverTimeline(TakeoverInfo takeover, Instant origin, Instant start, Instant end, List<Mark> marks,
                             int rows) {
        this.takeover = takeover;
        this.origin = origin;
        this.start = start;
        this.end = end;
        this.marks = marks;
        this.rows = rows;
    }

    /** The timeline of a takeover: from its first known time (the last heartbeat) to its latest phase. */
    public static TakeoverTimeline of(TakeoverInfo t) {
        List<Object[]> reached = reached(t);
        return reached.isEmpty() ? new TakeoverTimeline(t, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, List.of(), 0)
                : laidOut(t, (Instant) reached.get(0)[1], reached);
    }

    /**
     * The takeover itself, from the deadline to its latest phase, when on the whole timeline it is squeezed into the
     * last fifth (the two-minute wait dwarfs a takeover of seconds) and has phases to tell apart; offsets stay counted
     * from the last heartbeat.
     */
    public java.util.Optional<TakeoverTimeline> detail() {
        java.util.Optional<Mark> deadline = deadline();
        if (deadline.isEmpty() || marks.stream().filter(m -> m.at().isAfter(deadline.get().at())).count() < 2
                || Duration.between(deadline.get().at(), end).toMillis() * 5 >= Duration.between(start, end).toMillis()) {
            return java.util.Optional.empty();
        }
        List<Object[]> after = reached(takeover).stream()
                .filter(r -> !((Instant) r[1]).isBefore(deadline.get().at())).toList();
        return java.util.Optional.of(laidOut(takeover, origin, new ArrayList<>(after)));
    }

    private static List<Object[]> reached(TakeoverInfo t) {
        List<Object[]> reached = new ArrayList<>();
        add(reached, Phase.LAST_HEARTBEAT, t.lastHeartbeatAt(), null);
        add(reached, Phase.OFFLINE, t.offlineSince(), null);
        add(reached, Phase.DEADLINE, t.deadlineAt(), null);
        add(reached, Phase.BLOCKED, t.blockedAt(), t.blockedReason() == null ? null : "blocked: " + t.blockedReason());
        add(reached, Phase.DECIDED, t.decidedAt(), null);
        add(reached, Phase.FENCING_FAILED, t.fencingFailedAt(), null);
        add(reached, Phase.FENCED, t.fencedAt(), null);
        add(reached, Phase.DRIVES_MOVED, t.drivesMovedAt(), null);
        add(reached, Phase.IDENTITY_TRANSFERRED, t.identityTransferredAt(), null);
        add(reached, Phase.COMPLETED, t.completedAt(), null);
        add(reached, Phase.ABANDONED, t.abandonedAt(), null);
        // In time order; phases at the same instant in the order they happen.
        reached.sort(Comparator.comparing((Object[] r) -> (Instant) r[1]).thenComparing(r -> (Phase) r[0]));
        return reached;
    }

    /** The marks on an axis from the first reached phase to the last, labels in rows that keep them apart. */
    private static TakeoverTimeline laidOut(TakeoverInfo t, Instant origin, List<Object[]> reached) {
        Instant first = (Instant) reached.get(0)[1];
        Instant last = (Instant) reached.get(reached.size() - 1)[1];
        if (!last.isAfter(first)) {
            last = first.plusSeconds(1);
        }
        List<Mark> marks = new ArrayList<>();
        List<Double> rowEnds = new ArrayList<>();
        for (Object[] r : reached) {
            Phase phase = (Phase) r[0];
            Instant at = (Instant) r[1];
            String label = (String) r[2];
            double x = x(first, last, at);
            if (phase == Phase.DEADLINE) {
                // Labelled at the top of its own line across the drawing, not in a row below the axis.
                marks.add(new Mark(phase, at, x, -1, false, label));
                continue;
            }
            double width = label.length() * CHAR_WIDTH + 8;
            boolean atEnd = x + width > WIDTH - 4;
            double from = atEnd ? x - width : x;
            int row = 0;
            while (row < rowEnds.size() && rowEnds.get(row) > from) {
                row++;
            }
            if (row == rowEnds.size()) {
                rowEnds.add(0.0);
            }
            rowEnds.set(row, atEnd ? x : x + width);
            marks.add(new Mark(phase, at, x, row, atEnd, label));
        }
        return new TakeoverTimeline(t, origin, first, last, List.copyOf(marks), rowEnds.size());
    }

    private static void add(List<Object[]> reached, Phase phase, Instant at, String label) {
        if (at != null) {
            reached.add(new Object[] {phase, at, label == null ? phase.label() : label});
        }
    }

    private static double x(Instant start, Instant end, Instant at) {
        double span = Duration.between(start, end).toMillis();
        return LEFT + (RIGHT - LEFT) * Duration.between(start, at).toMillis() / span;
    }

    /** The x of a moment on this timeline's axis. */
    public double x(Instant at) {
        return x(start, end, at);
    }

    public TakeoverInfo takeover() {
        return takeover;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    /** The phases reached, in the order they happened. */
    public List<Mark> marks() {
        return marks;
    }

    /** The deadline's mark, if the takeover has one. */
    public java.util.Optional<Mark> deadline() {
        return marks.stream().filter(m -> m.phase() == Phase.DEADLINE).findFirst();
    }

    /** How many rows of labels hang below the axis. */
    public int rows() {
        return rows;
    }

    /** The drawing's height: the axis, the rows of labels and a margin. */
    public int height() {
        return AXIS_Y + 22 + Math.max(1, rows) * ROW_HEIGHT + 8;
    }

    /** Ticks at a round step, at most about eight along the axis. */
    public List<Tick> ticks() {
        long span = Math.max(1, Duration.between(start, end).toSeconds());
        int step = TICK_STEPS_SECONDS[TICK_STEPS_SECONDS.length - 1];
        for (int s : TICK_STEPS_SECONDS) {
            if (span / s <= 8) {
                step = s;
                break;
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (long k = 0; k * step <= span; k++) {
            Instant at = start.plusSeconds(k * step);
            ticks.add(new Tick(x(at), offsetOf(at)));
        }
        return ticks;
    }

    /** How long after the last heartbeat {@code at} is, as a reader wants it: {@code +8.4 s}, {@code +2 min 3 s}. */
    public String offsetOf(Instant at) {
        return offset(Duration.between(origin, at));
    }

    static String offset(Duration d) {
        long millis = d.toMillis();
        if (millis < 60_000) {
            return millis % 1000 == 0 ? String.format(Locale.ROOT, "+%d s", millis / 1000)
                    : String.format(Locale.ROOT, "+%.1f s", millis / 1000.0);
        }
        long minutes = millis / 60_000;
        long rest = millis % 60_000;
        return rest == 0 ? String.format(Locale.ROOT, "+%d min", minutes)
                : rest % 1000 == 0 ? String.format(Locale.ROOT, "+%d min %d s", minutes, rest / 1000)
                : String.format(Locale.ROOT, "+%d min %.1f s", minutes, rest / 1000.0);
    }

    /** The takeover in words: who, its status, and each phase with its offset — the drawing's text equivalent. */
    public String summary() {
        StringBuilder s = new StringBuilder("Takeover of ").append(takeover.failedNode());
        if (takeover.replacementNode() != null) {
            s.append(" by ").append(takeover.replacementNode());
        }
        s.append(", ").append(takeover.status() == null ? "status unknown" : takeover.status()).append('.');
        for (Mark m : marks) {
            s.append(' ').append(capitalized(m.label())).append(' ').append(offsetOf(m.at())).append('.');
        }
        return s.toString();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
