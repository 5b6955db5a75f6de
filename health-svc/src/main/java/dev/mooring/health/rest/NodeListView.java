package dev.mooring.health.rest;

import java.util.List;

/** Every node health-svc knows. */
public record NodeListView(List<NodeView> nodes) {
}
