package io.tfdrift.falco.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tfdrift.api.Secret;
import io.tfdrift.api.SourceException;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.falco.http.FalcoHttpSourceProvider.ReceiverTls;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Falco {@code http_output} alerts and falcosidekick webhook deliveries: {@code POST
 * /api/v1/falco/events}, one JSON alert per request ({@code application/json}, as Falco sends it
 * with {@code json_output: true}; falcosidekick adds {@code uuid}, used as a delivery id) or a
 * batch of alerts one per line ({@code application/x-ndjson}).
 *
 * <p>Statuses: 202 accepted (also for valid alerts of a source tfdrift does not decode, which are
 * reported to the sink as rejected, and for a delivery id seen before, which is not queued again);
 * 400 with {@code {"error": ...}} naming the problem (bad JSON with its line and column, no {@code
 * source}, an alert that cannot be decoded; nothing of a bad batch is taken); 401 missing or wrong
 * bearer token; 404 other paths; 405 other methods; 413 bodies above 1 MiB; 415 other content
 * types; 503 with {@code Retry-After} when the queue is full ({@code accepted} in the body says how
 * many alerts of a batch were taken before it filled).
 *
 * <p>Netty's HTTP/1.1 codec on a few I/O threads: each request is read, parsed, decoded and offered
 * to the sink on the thread that read it, with no hand-off; keep-alive connections stay open;
 * {@code TCP_NODELAY} is set on every accepted connection. When a client does not read its answers,
 * the connection stops being read until it does.
 */
final class FalcoHttpReceiver implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(FalcoHttpReceiver.class);

  static final String PATH = "/api/v1/falco/events";
  static final int MAX_BODY = 1 << 20;
  static final String RETRY_AFTER_SECONDS = "1";

  /** Remembered falcosidekick delivery ids. */
  static final int DELIVERY_IDS = 16_384;

  private final InetSocketAddress address;
  private final byte[] token;
  private final ReceiverTls tls;
  private final int ioThreads;
  private volatile EventLoopGroup group;
  private volatile Channel server;

  FalcoHttpReceiver(InetSocketAddress address, Secret token, ReceiverTls tls) {
    this(address, token, tls, defaultIoThreads());
  }

  FalcoHttpReceiver(InetSocketAddress address, Secret token, ReceiverTls tls, int ioThreads) {
    this.address = address;
    this.token =
        token == null ? null : ("Bearer " + token.reveal()).getBytes(StandardCharsets.UTF_8);
    this.tls = tls;
    this.ioThreads = ioThreads;
  }

  /** One I/O thread per core, at most four: decoding is the work, and it happens on them. */
  static int defaultIoThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public synchronized void start(EventSink sink) throws SourceException {
    if (server != null) {
      throw new IllegalStateException("the Falco HTTP receiver is already started");
    }
    AlertIntake intake = new AlertIntake(sink, new DeliveryIds(DELIVERY_IDS));
    EventLoopGroup created =
        new MultiThreadIoEventLoopGroup(
            ioThreads,
            new DefaultThreadFactory("tfdrift-falco-http", true),
            NioIoHandler.newFactory());
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(created)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 128)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    pipeline(channel.pipeline(), sink, intake);
                  }
                });
    Channel bound;
    try {
      bound = bootstrap.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      created.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new SourceException(
          "falco-http cannot listen on "
              + address
              + ": "
              + e.getMessage()
              + "; free the port or set falco.listen to another host:port",
          e);
    }
    group = created;
    server = bound;
    log.info(
        "Falco HTTP receiver listening on {}{} ({}, {} I/O threads)",
        tls == null ? "http://" : "https://",
        bound.localAddress(),
        authentication(),
        ioThreads);
  }

  private String authentication() {
    if (tls != null && tls.clientAuth()) {
      return token == null ? "client certificates" : "client certificates and bearer token";
    }
    return token == null
        ? "no authentication"
        : "bearer token, which falcosidekick sends (webhook.customheaders) and Falco's own"
            + " http_output cannot: authenticate Falco with client certificates";
  }

  private void pipeline(ChannelPipeline pipeline, EventSink sink, AlertIntake intake) {
    if (tls != null) {
      SSLEngine engine = tls.context().createSSLEngine();
      engine.setUseClientMode(false);
      engine.setNeedClientAuth(tls.clientAuth());
      pipeline.addLast("tls", new SslHandler(engine));
    }
    pipeline.addLast(
        "http",
        new HttpServerCodec(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(16_384)
                .setMaxChunkSize(65_536)));
    pipeline.addLast("continue", new HttpServerExpectContinueHandler());
    pipeline.addLast("alerts", new AlertRequests(token, sink, intake));
  }

  /**
   * The address the receiver listens on, with the real port when configured with port 0.
   *
   * @return the bound address
   */
  InetSocketAddress boundAddress() {
    Channel s = server;
    return s == null ? address : (InetSocketAddress) s.localAddress();
  }

  @Override
  public boolean connected() {
    Channel s = server;
    return s != null && s.isActive();
  }

  @Override
  public synchronized void close() {
    Channel s = server;
    EventLoopGroup g = group;
    server = null;
    group = null;
    if (s != null) {
      s.close().syncUninterruptibly();
    }
    if (g != null) {
      g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
