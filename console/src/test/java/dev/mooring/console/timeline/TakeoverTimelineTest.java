package dev.mooring.console.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.console.model.TakeoverInfo;
import dev.mooring.console.timeline.TakeoverTimeline.Mark;
import dev.mooring.console.timeline.TakeoverTimeline.Phase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TakeoverTimelineTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** A takeover on the real two-minute rule: offline at 40 s, deadline at 120 s, done 4 s later. */
    static TakeoverInfo completed() {
        return new TakeoverInfo("t-1", "a-storage", "Completed", "a-spare", "zone-a", T0, T0.plusSeconds(40),
                T0.plusSeconds(120), null, null, null, T0.plusMillis(120_300), null, null, T0.plusMillis(121_000),
                T0.plusMillis(122_500), T0.plusMillis(123_000), T0.plusMillis(124_000), null);
    }

    static TakeoverInfo blocked() {
        return new TakeoverInfo("t-2", "c-storage", "Blocked", null, "zone-c", T0, null, T0.plusSeconds(8),
                T0.plusMillis(8_200), "NoStoragelessNode", "no storageless node in zone-c", null, null, null, null,
                null, null, null, null);
    }

    @Test
    void theDeadlineSitsWhereItsTimeFallsOnTheAxis() {
        TakeoverTimeline timeline = TakeoverTimeline.of(completed());
        Mark deadline = timeline.deadline().orElseThrow();
        double span = TakeoverTimeline.RIGHT - TakeoverTimeline.LEFT;
        // 120 s of 124 s from the last heartbeat.
        assertThat(deadline.x()).isCloseTo(TakeoverTimeline.LEFT + span * 120 / 124, org.assertj.core.data.Offset.offset(0.01));
        assertThat(timeline.marks().get(0).phase()).isEqualTo(Phase.LAST_HEARTBEAT);
        assertThat(timeline.marks().get(0).x()).isEqualTo(TakeoverTimeline.LEFT);
        assertThat(timeline.marks().get(timeline.marks().size() - 1).x()).isEqualTo(TakeoverTimeline.RIGHT);
    }

    @Test
    void thePhasesComeInTheOrderTheyHappenedLeftToRight() {
        TakeoverTimeline timeline = TakeoverTimeline.of(completed());
        assertThat(timeline.marks()).extracting(Mark::phase).containsExactly(Phase.LAST_HEARTBEAT, Phase.OFFLINE,
                Phase.DEADLINE, Phase.DECIDED, Phase.FENCED, Phase.DRIVES_MOVED, Phase.IDENTITY_TRANSFERRED,
                Phase.COMPLETED);
        assertThat(timeline.marks()).extracting(Mark::x).isSorted();
        assertThat(timeline.offsetOf(completed().completedAt())).isEqualTo("+2 min 4 s");
        assertThat(timeline.offsetOf(completed().decidedAt())).isEqualTo("+2 min 0.3 s");
    }

    @Test
    void phasesAtTheSameInstantKeepTheirOrder() {
        TakeoverInfo t = completed();
        TakeoverInfo same = new TakeoverInfo("t", "n", "Completed", "r", "z", T0, null, T0.plusSeconds(8), null, null,
                null, T0.plusSeconds(8), null, null, T0.plusSeconds(9), T0.plusSeconds(9), T0.plusSeconds(9),
                T0.plusSeconds(9), null);
        assertThat(TakeoverTimeline.of(same).marks()).extracting(Mark::phase).containsExactly(Phase.LAST_HEARTBEAT,
                Phase.DEADLINE, Phase.DECIDED, Phase.FENCED, Phase.DRIVES_MOVED, Phase.IDENTITY_TRANSFERRED,
                Phase.COMPLETED);
        assertThat(t.failedNode()).isEqualTo("a-storage");
    }

    @Test
    void labelsInOneRowNeverOverlap() {
        TakeoverTimeline timeline = TakeoverTimeline.of(completed());
        List<Mark> labelled = timeline.marks().stream().filter(m -> m.phase() != Phase.DEADLINE).toList();
        for (Mark a : labelled) {
            for (Mark b : labelled) {
                if (a != b && a.row() == b.row()) {
                    assertThat(span(a)[1] <= span(b)[0] || span(b)[1] <= span(a)[0])
                            .as("%s and %s in row %d", a.label(), b.label(), a.row()).isTrue();
                }
            }
        }
        // The four phases within 4 s of each other at the right end need rows of their own.
        assertThat(timeline.rows()).isGreaterThan(1);
        assertThat(labelled).allSatisfy(m -> assertThat(span(m)[1]).isLessThanOrEqualTo(TakeoverTimeline.WIDTH));
    }

    private static double[] span(Mark m) {
        double width = m.label().length() * TakeoverTimeline.CHAR_WIDTH + 8;
        return m.anchoredAtEnd() ? new double[] {m.x() - width, m.x()} : new double[] {m.x(), m.x() + width};
    }

    @Test
    void aBlockedTakeoverEndsAtItsBlockWithTheReasonInTheLabel() {
        TakeoverTimeline timeline = TakeoverTimeline.of(blocked());
        assertThat(timeline.marks()).extracting(Mark::phase).containsExactly(Phase.LAST_HEARTBEAT, Phase.DEADLINE,
                Phase.BLOCKED);
        assertThat(timeline.marks().get(2).label()).isEqualTo("blocked: NoStoragelessNode");
        assertThat(timeline.summary()).isEqualTo("Takeover of c-storage, Blocked. Last heartbeat +0 s. Deadline +8 s."
                + " Blocked: NoStoragelessNode +8.2 s.");
        String svg = TimelineSvg.standalone(timeline);
        assertThat(svg).contains("data-phase=\"blocked\"").doesNotContain("data-phase=\"decided\"")
                .contains("<title id=\"takeover-title\">Takeover of c-storage: Blocked</title>");
    }

    @Test
    void aTakeoverOfSecondsAfterATwoMinuteWaitGetsADetailFromTheDeadlineOn() {
        TakeoverTimeline detail = TakeoverTimeline.of(completed()).detail().orElseThrow();
        assertThat(detail.marks()).extracting(Mark::phase).containsExactly(Phase.DEADLINE, Phase.DECIDED, Phase.FENCED,
                Phase.DRIVES_MOVED, Phase.IDENTITY_TRANSFERRED, Phase.COMPLETED);
        assertThat(detail.deadline().orElseThrow().x()).isEqualTo(TakeoverTimeline.LEFT);
        // Offsets still count from the last heartbeat.
        assertThat(detail.ticks().get(0).text()).isEqualTo("+2 min");
        assertThat(detail.offsetOf(completed().completedAt())).isEqualTo("+2 min 4 s");
        assertThat(TimelineSvg.standalone(TakeoverTimeline.of(completed()))).contains("data-panel=\"detail\"");
        // Short timers: the takeover is a good part of the axis already.
        assertThat(TakeoverTimeline.of(blocked()).detail()).isEmpty();
    }

    @Test
    void ticksAreRoundAndFewAndStartAtZero() {
        TakeoverTimeline timeline = TakeoverTimeline.of(completed());
        assertThat(timeline.ticks()).hasSizeBetween(3, 9);
        assertThat(timeline.ticks().get(0).text()).isEqualTo("+0 s");
        assertThat(timeline.ticks()).extracting(TakeoverTimeline.Tick::text).contains("+1 min", "+2 min");
    }

    @Test
    void aTickLabelAtTheDeadlineMovesBesideTheDashedLine() {
        // Short timers: the deadline falls on the +8 s tick; the detail's first tick sits on its deadline at the edge.
        TakeoverInfo eightSeconds = new TakeoverInfo("t", "n", "Completed", "r", "z", T0, null, T0.plusSeconds(8),
                null, null, null, T0.plusMillis(8_500), null, null, T0.plusMillis(9_000), T0.plusMillis(9_100),
                T0.plusMillis(9_200), T0.plusMillis(9_500), null);
        TakeoverTimeline timeline = TakeoverTimeline.of(eightSeconds);
        double deadline = timeline.deadline().orElseThrow().x();
        assertThat(timeline.ticks()).anyMatch(t -> t.text().equals("+8 s") && Math.abs(t.x() - deadline) < 1);
        assertThat(TimelineSvg.standalone(timeline)).contains("text-anchor=\"end\" fill=\"#4d4d4d\">+8 s<")
                .doesNotContain("text-anchor=\"middle\" fill=\"#4d4d4d\">+8 s<");
        // No room left of the detail's deadline (at the left edge): the label goes right of it.
        assertThat(TimelineSvg.standalone(TakeoverTimeline.of(completed())))
                .contains("<text x=\"" + TimelineSvg.num(TakeoverTimeline.LEFT + 4) + "\" y=\""
                        + (TakeoverTimeline.AXIS_Y - 14) + "\" text-anchor=\"start\" fill=\"#4d4d4d\">+2 min<");
    }

    @Test
    void theStandaloneDrawingIsAnSvgDocumentWithATitleADescriptionAndTheDeadlineLine() {
        String svg = TimelineSvg.standalone(TakeoverTimeline.of(completed()));
        assertThat(svg).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains("role=\"img\"", "aria-labelledby=\"takeover-title takeover-desc\"",
                        "<title id=\"takeover-title\">Takeover of a-storage by a-spare: Completed</title>",
                        "<desc id=\"takeover-desc\">Takeover of a-storage by a-spare, Completed.",
                        "data-phase=\"deadline\"", "stroke-dasharray", "deadline 2026-12-06 10:02:00 UTC")
                .doesNotContain("<script", "href=");
        // Well-formed XML: a parser reads it.
        assertThat(parse(svg).getDocumentElement().getTagName()).isEqualTo("svg");
    }

    @Test
    void namesAreEscapedInTheDrawing() {
        TakeoverInfo evil = new TakeoverInfo("t", "<script>alert(1)</script>", "Completed", "a&b", "z", T0, null,
                T0.plusSeconds(8), null, null, null, null, null, null, null, null, null, null, null);
        String svg = TimelineSvg.standalone(TakeoverTimeline.of(evil));
        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;", "a&amp;b");
        parse(svg);
    }

    static org.w3c.dom.Document parse(String xml) {
        try {
            var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            return factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                    xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + xml, e);
        }
    }
}
