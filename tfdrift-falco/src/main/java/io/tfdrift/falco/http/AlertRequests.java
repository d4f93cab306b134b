package io.tfdrift.falco.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.tfdrift.api.spi.EventSink;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: checks path, method, bearer token and content type when the head
 * arrives, collects the body into a buffer the connection reuses, and hands it to {@link
 * AlertIntake} on this I/O thread. A request refused at its head is answered once its body has been
 * read (and dropped), so the connection stays usable; a body above the limit is answered as soon as
 * it passes the limit, and the connection is closed.
 */
final class AlertRequests extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(AlertRequests.class);

  private static final AsciiString JSON = AsciiString.cached("application/json");
  private static final AsciiString RETRY_AFTER = AsciiString.cached("Retry-After");

  /** The user agent Falco's http_output sends unless {@code user_agent} is changed. */
  private static final String FALCO_USER_AGENT = "falcosecurity/falco";

  private final byte[] token;
  private final EventSink sink;
  private final AlertIntake intake;
  private static final int MAX_BODY_LIMIT = FalcoHttpReceiver.MAX_BODY;

  /** {@code falco-http POST from <address>}, for the sink's rejections; set when first needed. */
  private String from;

  /** The body so far; reused by the connection's next request. */
  private byte[] body = new byte[16_384];

  private int length;
  private boolean collecting;
  private boolean batch;
  private boolean keepAlive;

  /** A refusal decided at the head, sent once the body is over; or {@code null}. */
  private FullHttpResponse refusal;

  private boolean tooLarge;

  AlertRequests(byte[] token, EventSink sink, AlertIntake intake) {
    this.token = token;
    this.sink = sink;
    this.intake = intake;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
        malformed(ctx, object);
        return;
      }
      if (msg instanceof HttpRequest request) {
        head(ctx, request);
      }
      if (msg instanceof HttpContent content) {
        content(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void head(ChannelHandlerContext ctx, HttpRequest request) {
    keepAlive = HttpUtil.isKeepAlive(request);
    length = 0;
    tooLarge = false;
    refusal = refusal(ctx, request);
    collecting = refusal == null;
    if (collecting) {
      // a body declared above the limit is read up to the limit and then refused, as one sent
      // without a length: answering before reading resets the connection under a client that is
      // still sending, and it would never see the 413
      long declared = HttpUtil.getContentLength(request, -1L);
      if (declared > body.length && declared <= MAX_BODY_LIMIT) {
        body = new byte[(int) declared];
      }
    }
  }

  private FullHttpResponse refusal(ChannelHandlerContext ctx, HttpRequest request) {
    String uri = request.uri();
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    if (!FalcoHttpReceiver.PATH.equals(path)) {
      return response(
          HttpResponseStatus.NOT_FOUND,
          AlertIntake.error("no such endpoint; Falco posts to " + FalcoHttpReceiver.PATH));
    }
    if (!HttpMethod.POST.equals(request.method())) {
      FullHttpResponse answer =
          response(HttpResponseStatus.METHOD_NOT_ALLOWED, AlertIntake.error("use POST"));
      answer.headers().set(HttpHeaderNames.ALLOW, "POST");
      return answer;
    }
    HttpHeaders headers = request.headers();
    if (token != null && !authorised(headers.get(HttpHeaderNames.AUTHORIZATION))) {
      return unauthorised(ctx, headers);
    }
    Boolean ndjson = batch(headers.get(HttpHeaderNames.CONTENT_TYPE));
    if (ndjson == null) {
      return response(
          HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          AlertIntake.error(
              "Content-Type must be application/json (one alert) or application/x-ndjson (one"
                  + " alert per line); set json_output: true in falco.yaml"));
    }
    batch = ndjson;
    return null;
  }

  private FullHttpResponse unauthorised(ChannelHandlerContext ctx, HttpHeaders headers) {
    String agent = headers.get(HttpHeaderNames.USER_AGENT, "");
    String message = "missing or wrong bearer token";
    if (agent.startsWith(FALCO_USER_AGENT) && headers.get(HttpHeaderNames.AUTHORIZATION) == null) {
      message =
          "missing bearer token: Falco's http_output cannot send one (it has no header option);"
              + " authenticate Falco with a client certificate (tfdrift: ca_root_file; Falco:"
              + " http_output.mtls) or send through falcosidekick (webhook.customHeaders)";
      log.warn("Falco at {} posted without a bearer token and got 401: {}", remote(ctx), message);
    }
    sink.reject(from(ctx), message);
    FullHttpResponse answer = response(HttpResponseStatus.UNAUTHORIZED, AlertIntake.error(message));
    answer.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tfdrift\"");
    return answer;
  }

  private boolean authorised(String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(token, header.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code FALSE} for one alert, {@code TRUE} for NDJSON, {@code null} if unsupported. */
  static Boolean batch(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String media =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return switch (media) {
      case "application/json" -> Boolean.FALSE;
      case "application/x-ndjson", "application/ndjson", "application/jsonl" -> Boolean.TRUE;
      default -> null;
    };
  }

  private void content(ChannelHandlerContext ctx, HttpContent content) {
    if (collecting) {
      append(ctx, content.content());
    }
    if (!(content instanceof LastHttpContent)) {
      return;
    }
    if (tooLarge) {
      tooLarge = false;
      return;
    }
    if (refusal != null) {
      FullHttpResponse answer = refusal;
      refusal = null;
      send(ctx, answer);
      return;
    }
    if (!collecting) {
      return;
    }
    collecting = false;
    AlertIntake.Answer answer = intake.accept(body, length, batch, from(ctx));
    FullHttpResponse response =
        response(HttpResponseStatus.valueOf(answer.status()), answer.body());
    if (answer.retryAfter() != null) {
      response.headers().set(RETRY_AFTER, answer.retryAfter());
    }
    if (body.length > 4 * MAX_BODY_LIMIT / 16 && length < body.length / 4) {
      // a big body once does not keep a big buffer on an idle connection
      body = new byte[16_384];
    }
    send(ctx, response);
  }

  private void append(ChannelHandlerContext ctx, ByteBuf data) {
    int n = data.readableBytes();
    if (length + n > MAX_BODY_LIMIT) {
      tooLarge(ctx);
      return;
    }
    if (length + n > body.length) {
      body = Arrays.copyOf(body, Math.min(MAX_BODY_LIMIT, Math.max(length + n, body.length * 2)));
    }
    data.getBytes(data.readerIndex(), body, length, n);
    length += n;
  }

  /** Answers 413 now and closes once it is written; the rest of the body is not read. */
  private void tooLarge(ChannelHandlerContext ctx) {
    collecting = false;
    tooLarge = true;
    sink.reject(from(ctx), "request body above " + MAX_BODY_LIMIT + " bytes");
    FullHttpResponse answer =
        response(
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            AlertIntake.error("body above 1 MiB (" + MAX_BODY_LIMIT + " bytes)"));
    answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
  }

  private void malformed(ChannelHandlerContext ctx, HttpObject object) {
    Throwable cause = object.decoderResult().cause();
    String problem = "malformed HTTP request: " + (cause == null ? "?" : cause.getMessage());
    sink.reject(from(ctx), problem);
    FullHttpResponse answer = response(HttpResponseStatus.BAD_REQUEST, AlertIntake.error(problem));
    answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    collecting = false;
    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
  }

  private void send(ChannelHandlerContext ctx, FullHttpResponse response) {
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse response(HttpResponseStatus status, byte[] json) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
    return response;
  }

  /** Stops reading a client that does not read its answers, until it does. */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("Falco HTTP connection from {} failed", remote(ctx), cause);
    ctx.close();
  }

  private static String remote(ChannelHandlerContext ctx) {
    SocketAddress address = ctx.channel().remoteAddress();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }

  private String from(ChannelHandlerContext ctx) {
    if (from == null) {
      from = "falco-http POST from " + remote(ctx);
    }
    return from;
  }
}
