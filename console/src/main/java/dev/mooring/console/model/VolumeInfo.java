package dev.mooring.console.model;

import java.util.List;

/** A volume as provisioner-svc shows it; {@code claim} is {@code namespace/name} of its PVC, {@code failure} why. */
public record VolumeInfo(String id, String name, String state, String size, String backend, String podName,
                         List<String> arrays, String claim, String failure) {

    public VolumeInfo {
        arrays = arrays == null ? List.of() : List.copyOf(arrays);
    }
}
