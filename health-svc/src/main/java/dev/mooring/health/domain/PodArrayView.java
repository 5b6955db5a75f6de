package dev.mooring.health.domain;

import java.util.List;

/**
 * What one array (the reporter) said about one stretched pod: each member array's status as it sees it.
 * An array that did not answer has no view.
 */
public record PodArrayView(String reporter, String pod, List<Member> members) {

    public PodArrayView {
        members = List.copyOf(members);
    }

    /** One member as the reporter sees it (FlashArray {@code pods.arrays[]}). */
    public record Member(String array, String status, String mediatorStatus, Double progress) {
    }
}
