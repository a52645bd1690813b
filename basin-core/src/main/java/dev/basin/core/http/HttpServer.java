package dev.basin.core.http;

import dev.basin.core.concurrent.WorkerPool;
import dev.basin.core.gateway.Gateway;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Basin's HTTP/1.1 server on Netty: epoll where available (NIO otherwise), one event-loop thread
 * per core for socket I/O and HTTP framing, and a {@link WorkerPool} for the gateway, whose
 * handlers may block on disk (up to {@code workerThreads} threads, one running per core). See
 * docs/architecture.md for why Netty.
 */
public final class HttpServer implements AutoCloseable {
  /** Bodies of non-streaming services (JSON, query, rest-json) are buffered up to this size. */
  static final long MAX_BUFFERED_BODY = 256L * 1024 * 1024;

  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final Channel channel;

  private HttpServer(EventLoopGroup group, ExecutorService workers, Channel channel) {
    this.group = group;
    this.workers = workers;
    this.channel = channel;
  }

  /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
  public static HttpServer start(Gateway gateway, String host, int port, int workerThreads)
      throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService workers = WorkerPool.create(cores, Math.max(workerThreads, cores));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast("http", new HttpServerCodec(16 * 1024, 64 * 1024, 256 * 1024))
                        .addLast("chunked", new ChunkedWriteHandler())
                        .addLast(
                            "gateway",
                            new GatewayChannelHandler(gateway, workers, MAX_BUFFERED_BODY));
                  }
                });
    try {
      Channel channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
      return new HttpServer(group, workers, channel);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownNow();
      throw e;
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Stops accepting, lets running requests finish (up to a few seconds), then stops. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
