package dev.mooring.topology.dr.migration.domain;

/** A Deployment or StatefulSet that a scale-up or scale-down set to {@code replicas}. */
public record ScaledWorkload(String namespace, String kind, String name, int replicas) {
}
