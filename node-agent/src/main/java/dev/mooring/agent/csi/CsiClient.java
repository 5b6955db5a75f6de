package dev.mooring.agent.csi;

import dev.mooring.agent.csi.v1.IdentityGrpc;
import dev.mooring.agent.csi.v1.NodeGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A CSI client of the agent over its Unix socket, connected as the kubelet connects to it (epoll: Java's own channels
 * cannot carry gRPC over a Unix socket). Each stub has a deadline, so a hung agent fails its caller instead of holding
 * it. The agent's tests and devstack (its demo, benchmark and system tests) call the agent through it.
 */
public final class CsiClient implements AutoCloseable {

    private final EventLoopGroup group = new EpollEventLoopGroup(1);
    private final ManagedChannel channel;

    public CsiClient(Path socket) {
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString())).eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class).usePlaintext().build();
    }

    public IdentityGrpc.IdentityBlockingStub identity() {
        return IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    public NodeGrpc.NodeBlockingStub node() {
        return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    public NodeGrpc.NodeFutureStub nodeAsync() {
        return NodeGrpc.newFutureStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        group.shutdownGracefully();
    }
}
