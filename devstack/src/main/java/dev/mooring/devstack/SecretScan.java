package dev.mooring.devstack;

import dev.mooring.events.Producer;
import dev.mooring.events.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looks for every secret a stack gave out ({@link Stack#secrets}) everywhere a user or an attacker could read it:
 * every line of every log, every record of every topic (dead letters included), the answers of the services' REST
 * APIs (what an operator lists and what the metrics and OpenAPI documents show), and the Kubernetes objects Mooring
 * writes (Events, Nodes, PersistentVolumes). A finding names the secret by what it is and where it was seen, never
 * by its value.
 */
public final class SecretScan {

    /** The services' read-only pages an operator or a scraper looks at. */
    private static final List<String> SERVICE_PAGES = List.of("/api/v1/arrays", "/api/v1/volumes", "/api/v1/nodes",
            "/api/v1/attachments", "/api/v1/drives", "/api/v1/pools", "/api/v1/dead-letters", "/api/v1/pods",
            "/api/v1/topology", "/q/health", "/q/metrics", "/q/openapi");
    private static final List<String> KUBERNETES_OBJECTS = List.of("/api/v1/events", "/apis/events.k8s.io/v1/events",
            "/api/v1/nodes", "/api/v1/persistentvolumes", "/apis/storage.k8s.io/v1/volumeattachments");

    private final Map<String, String> secrets;
    private final List<String> findings = new ArrayList<>();

    private SecretScan(Map<String, String> secrets) {
        this.secrets = secrets;
    }

    /** Every place a secret of the running {@code stack} shows. */
    public static List<String> ofRunningStack(Stack stack) {
        SecretScan scan = new SecretScan(stack.secrets());
        scan.logs(stack.logFiles());
        scan.topics(stack.kafkaClientSettings());
        for (Stack.RunningService service : stack.services()) {
            for (String page : SERVICE_PAGES) {
                scan.page(service.name() + " " + page, service.baseUrl() + page, stack.apiToken());
            }
        }
        for (String objects : KUBERNETES_OBJECTS) {
            scan.page("Kubernetes " + objects, stack.kubeApiUrl() + objects, null);
        }
        return scan.findings;
    }

    /** Every log line of a (possibly stopped) stack in which one of its secrets shows. */
    public static List<String> ofLogs(Map<String, String> secrets, List<Path> logs) {
        SecretScan scan = new SecretScan(secrets);
        scan.logs(logs);
        return scan.findings;
    }

    private void logs(List<Path> files) {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                int[] number = {0};
                lines.forEach(line -> {
                    number[0]++;
                    check(line, file.getFileName() + ":" + number[0]);
                });
            } catch (IOException | UncheckedIOException e) {
                findings.add("could not read " + file + ": " + e.getMessage());
            }
        }
    }

    private void topics(Map<String, Object> kafkaClient) {
        List<String> names = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            names.add(topic.topicName());
        }
        for (Producer producer : Producer.values()) {
            names.add(producer.deadLetterTopic());
        }
        try {
            for (var record : TopicSnapshot.records(kafkaClient, Duration.ofMinutes(2), names.toArray(String[]::new))) {
                String where = record.topic() + "@" + record.partition() + ":" + record.offset();
                if (record.value() != null) {
                    check(new String(record.value(), StandardCharsets.ISO_8859_1), where);
                }
                record.headers().forEach(h -> check(new String(h.value() == null ? new byte[0] : h.value(),
                        StandardCharsets.ISO_8859_1), where + " header " + h.key()));
            }
        } catch (IllegalStateException e) {
            findings.add(e.getMessage());
        }
    }

    private void page(String what, String url, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            Http.Answer answer = Http.send(request.build());
            check(answer.body(), what + " (" + answer.status() + ")");
            answer.raw().headers().map().forEach((name, values) -> values.forEach(v -> check(v, what + " header " + name)));
        } catch (IOException e) {
            findings.add("could not read " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            findings.add("interrupted while reading " + what);
        }
    }

    private void check(String text, String where) {
        secrets.forEach((name, secret) -> {
            if (secret != null && !secret.isEmpty() && text.contains(secret)) {
                findings.add(name + " in " + where);
            }
        });
    }
}
