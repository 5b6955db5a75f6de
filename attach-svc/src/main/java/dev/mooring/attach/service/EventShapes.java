package dev.mooring.attach.service;

import dev.mooring.attach.domain.AttachmentPaths;
import dev.mooring.events.ArrayPath;
import dev.mooring.events.DeviceIdentity;

/** How a path and a device look in events: the same for a volume's attachment and a pool's drive. */
final class EventShapes {

    private EventShapes() {
    }

    static ArrayPath arrayPath(AttachmentPaths.Path p) {
        return ArrayPath.newBuilder()
                .setArray(p.array())
                .setHost(p.host())
                .setProtocol(p.protocol().name())
                .setLun(p.lun())
                .setTargetIqn(p.targetIqn())
                .setPortals(p.portals())
                .setTargetWwns(p.targetWwns())
                .build();
    }

    static DeviceIdentity deviceIdentity(AttachmentPaths.Device device) {
        return DeviceIdentity.newBuilder()
                .setSerial(device.serial())
                .setWwid(device.wwid())
                .setMapperPath(device.mapperPath())
                .setByIdPaths(device.byIdPaths())
                .build();
    }
}
