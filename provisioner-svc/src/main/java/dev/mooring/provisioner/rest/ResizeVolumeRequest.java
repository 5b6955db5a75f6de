package dev.mooring.provisioner.rest;

/** The body of {@code PATCH /api/v1/volumes/{id}}: the size to grow to, as a quantity ("20Gi"). */
public record ResizeVolumeRequest(String size) {
}
