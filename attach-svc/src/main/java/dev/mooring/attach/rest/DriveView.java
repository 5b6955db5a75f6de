package dev.mooring.attach.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mooring.attach.domain.DriveState;
import dev.mooring.attach.repository.Drive;
import java.time.OffsetDateTime;

/** A cloud drive: its array volume, pool, owner, state and the host it is connected to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriveView(String driveName, String array, String poolId, String nodeName, DriveState state, String host,
                        Long sizeBytes, String serial, String purpose, String failureReason, String failureMessage,
                        String takeoverId, String previousNode, OffsetDateTime updatedAt) {

    public static DriveView of(Drive d) {
        return new DriveView(d.driveName, d.arrayName, d.poolId, d.nodeName, d.state, d.hostName, d.sizeBytes,
                d.serial, d.purpose, d.failureReason, d.failureMessage, d.takeoverId, d.previousNode, d.updatedAt);
    }
}
