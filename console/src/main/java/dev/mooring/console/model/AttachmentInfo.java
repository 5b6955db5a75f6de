package dev.mooring.console.model;

import java.util.List;

/** An attachment as attach-svc shows it; each path as {@code array: state}. */
public record AttachmentInfo(String id, String volumeId, String nodeName, String state, List<String> paths,
                             String failure) {

    public AttachmentInfo {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }
}
