package dev.mooring.attach.rest;

/** {@code POST /api/v1/attachments}: connect volume {@code volumeId} to node {@code nodeName}. */
public record CreateAttachmentRequest(String volumeId, String nodeName) {
}
