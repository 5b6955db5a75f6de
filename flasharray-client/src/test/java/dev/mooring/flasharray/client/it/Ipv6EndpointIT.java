package dev.mooring.flasharray.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mooring.flasharray.client.FlashArrayClient;
import dev.mooring.flasharray.client.request.VolumeCreate;
import dev.mooring.flasharray.sim.config.SimulatorConfig;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A bracketed IPv6 MgmtEndPoint ({@code [::1]:port}) works end to end, host-name verification included. */
class Ipv6EndpointIT extends SimulatorSupport {

    @BeforeAll
    static void start() {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
        startSimulator(SimulatorConfig.twoArraysWithStretchedPod().withBindHost("::1"));
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            InetAddress lo = InetAddress.getByName("::1");
            s.bind(new InetSocketAddress(lo, 0));
            return lo instanceof Inet6Address;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void bracketedIpv6Endpoint() {
        assertThat(sim.endpoint(A)).startsWith("[::1]:");
        FlashArrayClient fa = client(A);
        assertThat(fa.endpoint().isIpv6()).isTrue();
        assertThat(await(fa.arrays().get()).name()).isEqualTo(A);
        String v = unique("v6");
        assertThat(await(fa.volumes().create(VolumeCreate.of(v, 1L << 20))).name()).isEqualTo(v);
    }
}
