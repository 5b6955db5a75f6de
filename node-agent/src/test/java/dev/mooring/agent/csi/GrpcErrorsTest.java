package dev.mooring.agent.csi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mooring.agent.domain.CsiError;
import dev.mooring.agent.domain.OwnershipRule;
import dev.mooring.agent.host.HostException;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every domain error code maps to the gRPC code of the same name, with its message. */
class GrpcErrorsTest {

    @ParameterizedTest
    @EnumSource(CsiError.Code.class)
    void domainCodesKeepTheirNameAndMessage(CsiError.Code code) {
        Status s = GrpcErrors.toStatus(new CsiError(code, "why")).getStatus();
        assertThat(s.getCode().name()).isEqualTo(code.name());
        assertThat(s.getDescription()).isEqualTo("why");
    }

    @Test
    void hostFailuresAreInternalAndOwnershipRefusalsAFailedPrecondition() {
        assertThat(GrpcErrors.toStatus(new HostException("mkfs exited 1")).getStatus().getCode())
                .isEqualTo(Status.Code.INTERNAL);
        assertThat(GrpcErrors.toStatus(new OwnershipRule.NotOwnedException("36000c29", "format")).getStatus()
                .getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
}
