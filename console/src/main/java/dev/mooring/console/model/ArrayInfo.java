package dev.mooring.console.model;

import java.time.Instant;

/** A FlashArray as provisioner-svc registered it: status, version, capacity, and why it failed if it did. */
public record ArrayInfo(String name, String endpoint, String status, String purityVersion, Long capacityBytes,
                        Long freeBytes, String failureReason, String failureMessage, Instant checkedAt) {
}
