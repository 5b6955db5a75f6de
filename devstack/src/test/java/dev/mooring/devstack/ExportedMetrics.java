package dev.mooring.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a running stack's services export, against {@code k8s/monitoring/}: every metric the dashboard and the alert
 * rules name is exported by some service (a histogram's {@code _bucket}, {@code _sum} and {@code _count} are exported
 * series in their own right), and no label of Mooring's metrics carries an id.
 */
final class ExportedMetrics {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ExportedMetrics() {
    }

    /** Scrapes every service instance of the stack. */
    static List<ScrapedMetrics> scrape(Stack stack) throws IOException, InterruptedException {
        List<ScrapedMetrics> scrapes = new ArrayList<>();
        for (Stack.RunningService service : stack.services()) {
            if (service.process().alive()) {
                scrapes.add(ScrapedMetrics.of(service.name(), service.baseUrl()));
            }
        }
        return scrapes;
    }

    /** Every metric of the dashboard and the rules is exported by at least one of the scrapes. */
    static void assertDashboardAndRulesAreServed(List<ScrapedMetrics> scrapes) {
        Set<String> exported = new TreeSet<>();
        scrapes.forEach(s -> exported.addAll(s.names()));
        Set<String> missing = new TreeSet<>(MonitoringFiles.allMetrics());
        missing.removeAll(exported);
        assertThat(missing).as("metrics named by k8s/monitoring that no service exports").isEmpty();
    }

    /**
     * No label value of a {@code mooring_*} series is a UUID (a volume, attachment or takeover id), and no label of
     * any series carries one of {@code ids}.
     */
    static void assertLabelsAreBounded(List<ScrapedMetrics> scrapes, Collection<String> ids) {
        List<String> offending = new ArrayList<>();
        for (ScrapedMetrics scrape : scrapes) {
            for (ScrapedMetrics.Sample s : scrape.samples()) {
                s.labels().forEach((label, value) -> {
                    boolean ours = s.name().startsWith("mooring_");
                    if ((ours && UUID.matcher(value).find()) || ids.stream().anyMatch(value::contains)) {
                        offending.add(scrape.source() + ": " + s.name() + "{" + label + "=\"" + value + "\"}");
                    }
                });
            }
        }
        assertThat(offending).as("labels that carry an id").isEmpty();
    }
}
