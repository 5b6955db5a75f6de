package dev.mooring.agent.csi;

import com.google.protobuf.BoolValue;
import dev.mooring.agent.csi.v1.GetPluginCapabilitiesRequest;
import dev.mooring.agent.csi.v1.GetPluginCapabilitiesResponse;
import dev.mooring.agent.csi.v1.GetPluginInfoRequest;
import dev.mooring.agent.csi.v1.GetPluginInfoResponse;
import dev.mooring.agent.csi.v1.IdentityGrpc;
import dev.mooring.agent.csi.v1.PluginCapability;
import dev.mooring.agent.csi.v1.ProbeRequest;
import dev.mooring.agent.csi.v1.ProbeResponse;
import dev.mooring.agent.service.ReadinessGate;
import io.grpc.stub.StreamObserver;

/**
 * The CSI Identity service of one driver name: who the plugin is, what it offers (a node service whose volumes
 * grow online and are reachable from the nodes the topology names), and whether it is ready.
 */
public final class IdentityService extends IdentityGrpc.IdentityImplBase {

    private final String driverName;
    private final String version;
    private final ReadinessGate gate;

    public IdentityService(String driverName, String version, ReadinessGate gate) {
        this.driverName = driverName;
        this.version = version;
        this.gate = gate;
    }

    @Override
    public void getPluginInfo(GetPluginInfoRequest request, StreamObserver<GetPluginInfoResponse> out) {
        out.onNext(GetPluginInfoResponse.newBuilder().setName(driverName).setVendorVersion(version)
                .putManifest("vendor", "mooring").putManifest("component", "node-agent").build());
        out.onCompleted();
    }

    @Override
    public void getPluginCapabilities(GetPluginCapabilitiesRequest request,
                                      StreamObserver<GetPluginCapabilitiesResponse> out) {
        out.onNext(GetPluginCapabilitiesResponse.newBuilder()
                .addCapabilities(PluginCapability.newBuilder().setService(PluginCapability.Service.newBuilder()
                        .setType(PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS)))
                .addCapabilities(PluginCapability.newBuilder().setVolumeExpansion(PluginCapability.VolumeExpansion
                        .newBuilder().setType(PluginCapability.VolumeExpansion.Type.ONLINE)))
                .build());
        out.onCompleted();
    }

    @Override
    public void probe(ProbeRequest request, StreamObserver<ProbeResponse> out) {
        out.onNext(ProbeResponse.newBuilder().setReady(BoolValue.of(gate.ready())).build());
        out.onCompleted();
    }
}
