package dev.mooring.provisioner.domain.placement;

import java.util.Map;

/**
 * One registered array as placement sees it: whether it answers now, its free space, what Mooring has reserved on
 * it (the drives it placed there: a pool counts on its drives' capacity; volumes are thin and reserve nothing), and
 * its pure.json labels.
 */
public record ArrayFacts(String name, boolean reachable, long freeBytes, long reservedBytes,
                         Map<String, String> labels) {

    public ArrayFacts {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Free space less what is reserved: what a choice by capacity compares. */
    public long room() {
        return freeBytes - reservedBytes;
    }
}
