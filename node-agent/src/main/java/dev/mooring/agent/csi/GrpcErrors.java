package dev.mooring.agent.csi;

import dev.mooring.agent.domain.CsiError;
import dev.mooring.agent.domain.OwnershipRule;
import dev.mooring.agent.host.HostException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Maps what the agent throws to the gRPC status the CSI specification names. The only place that does. */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof CsiError e) {
            return code(e.code()).withDescription(e.getMessage()).asRuntimeException();
        }
        if (t instanceof OwnershipRule.NotOwnedException e) {
            return Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
        }
        if (t instanceof HostException e) {
            return Status.INTERNAL.withDescription("host: " + e.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription(t.getClass().getSimpleName() + ": " + t.getMessage())
                .asRuntimeException();
    }

    static Status code(CsiError.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case ABORTED -> Status.ABORTED;
            case OUT_OF_RANGE -> Status.OUT_OF_RANGE;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
        };
    }
}
