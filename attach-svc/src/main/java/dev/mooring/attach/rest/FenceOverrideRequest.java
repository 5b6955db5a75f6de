package dev.mooring.attach.rest;

/**
 * An operator's override of a stuck fence, or lift of a finished one: {@code confirm} repeats the node's name (a deliberate act, not a slip),
 * {@code by} says who, {@code reason} why (e.g. "array-b was destroyed and will not come back").
 */
public record FenceOverrideRequest(String confirm, String by, String reason) {
}
