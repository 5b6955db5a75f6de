package dev.mooring.agent.csi;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One gRPC server on one Unix domain socket (the kubelet's node-driver-registrar points at it). A socket file left
 * by a previous run is removed first: a socket cannot be bound over an existing file.
 */
public final class CsiServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CsiServer.class);

    private final Path socket;
    private final Server server;
    private final EventLoopGroup group;

    private CsiServer(Path socket, Server server, EventLoopGroup group) {
        this.socket = socket;
        this.server = server;
        this.group = group;
    }

    public static CsiServer start(Path socket, List<BindableService> services) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("Unix domain sockets need Netty's epoll transport, which is not available"
                    + " here: " + Epoll.unavailabilityCause());
        }
        try {
            Files.createDirectories(socket.getParent());
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the CSI socket " + socket, e);
        }
        EventLoopGroup group = new EpollEventLoopGroup(1);
        NettyServerBuilder b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(group).workerEventLoopGroup(group);
        services.forEach(b::addService);
        try {
            Server server = b.build().start();
            LOG.infof("CSI endpoint listening on unix://%s", socket);
            return new CsiServer(socket, server, group);
        } catch (IOException e) {
            group.shutdownGracefully();
            throw new UncheckedIOException("cannot listen on " + socket, e);
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warnf("cannot remove %s: %s", socket, e.getMessage());
        }
    }
}
