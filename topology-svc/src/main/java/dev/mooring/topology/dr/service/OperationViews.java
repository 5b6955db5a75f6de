package dev.mooring.topology.dr.service;

import dev.mooring.topology.dr.repository.OperationRecord;
import dev.mooring.topology.dr.rest.OperationView;
import java.util.List;

/** Operation records as the REST API shows them. */
public final class OperationViews {

    private OperationViews() {
    }

    public static OperationView of(OperationRecord op) {
        return OperationView.of(op, OperationSteps.namespaces(op), OperationSteps.steps(op));
    }

    public static List<OperationView> of(List<OperationRecord> ops) {
        return ops.stream().map(OperationViews::of).toList();
    }
}
