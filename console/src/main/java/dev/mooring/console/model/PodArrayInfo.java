package dev.mooring.console.model;

import java.time.Instant;

/** An ActiveCluster pod on one of its arrays, as health-svc last polled it. */
public record PodArrayInfo(String pod, String array, String status, Double progress, String mediatorStatus,
                           Instant changedAt) {
}
