package dev.mooring.console.source;

import dev.mooring.console.model.ArrayInfo;
import dev.mooring.console.model.AttachmentInfo;
import dev.mooring.console.model.NodesOverview;
import dev.mooring.console.model.PodArrayInfo;
import dev.mooring.console.model.Reading;
import dev.mooring.console.model.ServiceStatus;
import dev.mooring.console.model.VolumeInfo;
import java.util.List;

/**
 * What the console shows, read from the services at the moment a page is asked for: provisioner-svc's arrays and
 * volumes, health-svc's nodes (with their takeovers) and pods, attach-svc's attachments, and every service's health.
 * A service that cannot be read gives a failed {@link Reading}; the others are read all the same.
 */
public final class MooringSource {

    private final RestReader reader;
    private final ServiceEndpoint provisioner;
    private final ServiceEndpoint health;
    private final ServiceEndpoint attach;
    private final List<ServiceEndpoint> all;

    /** {@code others}: further services whose health is shown (e.g. topology-svc). */
    public MooringSource(RestReader reader, ServiceEndpoint provisioner, ServiceEndpoint health, ServiceEndpoint attach,
                         List<ServiceEndpoint> others) {
        this.reader = reader;
        this.provisioner = provisioner;
        this.health = health;
        this.attach = attach;
        this.all = new java.util.ArrayList<>(List.of(provisioner, health, attach));
        this.all.addAll(others);
    }

    public List<ServiceStatus> services() {
        return all.stream().map(reader::health).toList();
    }

    public Reading<List<ArrayInfo>> arrays() {
        return reader.get(provisioner, "/api/v1/arrays").map(JsonMapping::arrays);
    }

    public Reading<List<VolumeInfo>> volumes() {
        return reader.get(provisioner, "/api/v1/volumes?size=1000").map(JsonMapping::volumes);
    }

    public Reading<NodesOverview> nodes() {
        return reader.get(health, "/api/v1/nodes").map(JsonMapping::nodes);
    }

    public Reading<List<PodArrayInfo>> pods() {
        return reader.get(health, "/api/v1/pods").map(JsonMapping::pods);
    }

    public Reading<List<AttachmentInfo>> attachments() {
        return reader.get(attach, "/api/v1/attachments?size=1000").map(JsonMapping::attachments);
    }
}
