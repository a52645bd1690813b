package dev.basin.core.http;

import dev.basin.core.gateway.Gateway;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedStream;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Adapts one HTTP/1.1 connection to the {@link Gateway}: one request at a time (a pipelined request
 * waits, unread, until the previous response is written), bodies buffered or streamed as the
 * gateway asks, handlers run on the worker executor (they may block on disk), responses written
 * from bytes, a file region (sendfile, zero-copy) or a stream.
 */
final class GatewayChannelHandler extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(GatewayChannelHandler.class.getName());

  private final Gateway gateway;
  private final Executor workers;
  private final long maxBufferedBody;

  private HttpRequest current;

  /** The current request's line and headers, converted once; the body is added at dispatch. */
  private WireRequest head;

  private boolean keepAlive;
  private boolean inFlight;
  private boolean bodyComplete;
  private CompositeByteBuf buffered;
  private StreamingRequestBody streaming;
  private final ArrayDeque<Object> pipelined = new ArrayDeque<>();

  GatewayChannelHandler(Gateway gateway, Executor workers, long maxBufferedBody) {
    this.gateway = gateway;
    this.workers = workers;
    this.maxBufferedBody = maxBufferedBody;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (inFlight && bodyComplete) {
      // A pipelined request: hold it until the current response is out.
      pipelined.add(message);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    process(ctx, message);
  }

  private void process(ChannelHandlerContext ctx, Object message) {
    if (message instanceof HttpRequest request) {
      startRequest(ctx, request);
    }
    if (message instanceof HttpContent content) {
      ByteBuf data = content.content();
      if (streaming != null) {
        if (data.isReadable()) {
          streaming.offer(data.retain());
        }
        if (content instanceof LastHttpContent) {
          streaming.end();
          bodyComplete = true;
        }
      } else if (buffered != null) {
        if (buffered.readableBytes() + (long) data.readableBytes() > maxBufferedBody) {
          content.release();
          tooLarge(ctx);
          return;
        }
        if (data.isReadable()) {
          buffered.addComponent(true, data.retain());
        }
        if (content instanceof LastHttpContent) {
          bodyComplete = true;
          CompositeByteBuf body = buffered;
          buffered = null;
          byte[] bytes = new byte[body.readableBytes()];
          body.readBytes(bytes);
          body.release();
          dispatch(ctx, RequestBody.of(bytes));
        }
      }
    }
    ReferenceCountUtil.release(message);
  }

  private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      writeSimple(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
      return;
    }
    current = request;
    keepAlive = HttpUtil.isKeepAlive(request);
    inFlight = true;
    bodyComplete = false;
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      request.headers().remove(HttpHeaderNames.EXPECT);
    }
    long contentLength = HttpUtil.getContentLength(request, -1L);
    head = toWire(ctx, request, RequestBody.EMPTY);
    boolean stream = gateway.streamsBody(head);
    if (contentLength > maxBufferedBody && !stream) {
      tooLarge(ctx);
      return;
    }
    if (stream) {
      streaming = new StreamingRequestBody(ctx.channel(), contentLength);
      dispatch(ctx, streaming);
    } else {
      buffered = ctx.alloc().compositeBuffer(64);
    }
  }

  /**
   * A header value as the client meant it: Netty hands over one char per byte (ISO-8859-1), and
   * SDKs send non-ASCII values (S3 metadata) as UTF-8, which they also sign as UTF-8; a value whose
   * bytes are valid UTF-8 is decoded as such, as AWS does, anything else kept as it came. ASCII
   * values, nearly all, are returned as they are after one scan.
   */
  static String utf8(String value) {
    int i = 0;
    int n = value.length();
    while (i < n && value.charAt(i) < 0x80) {
      i++;
    }
    if (i == n) {
      return value;
    }
    byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return value;
    }
  }

  private WireRequest toWire(ChannelHandlerContext ctx, HttpRequest request, RequestBody body) {
    Headers headers = new Headers();
    for (Map.Entry<String, String> header : request.headers()) {
      headers.add(header.getKey(), utf8(header.getValue()));
    }
    String remote =
        ctx.channel().remoteAddress() instanceof InetSocketAddress address
            ? address.getAddress().getHostAddress()
            : "127.0.0.1";
    return WireRequest.of(request.method().name(), request.uri(), headers, body, remote);
  }

  private void dispatch(ChannelHandlerContext ctx, RequestBody body) {
    WireRequest wire = head.withBody(body);
    try {
      workers.execute(
          () -> {
            WireResponse response;
            try {
              response = gateway.handle(wire);
            } catch (RuntimeException | Error e) {
              // An Error too (a class that failed to load, a stack overflow): the client gets a
              // 500 instead of a connection that never answers.
              LOG.log(Level.ERROR, "gateway failed", e);
              response = WireResponse.of(500, "text/plain", "internal error".getBytes());
            }
            WireResponse done = response;
            ctx.channel().eventLoop().execute(() -> writeResponse(ctx, done));
          });
    } catch (RejectedExecutionException e) {
      writeSimple(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "Basin is shutting down", false);
    }
  }

  private void writeResponse(ChannelHandlerContext ctx, WireResponse response) {
    // A handler that answered before the whole body arrived leaves unread bytes on the wire: the
    // connection cannot carry another request then.
    boolean reuse = keepAlive && bodyComplete;
    DefaultHttpResponse head =
        new DefaultHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
    HttpHeaders headers = head.headers();
    response.headers().forEach((name, values) -> headers.add(name, values));
    ResponseBody body = response.body();
    if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length());
    }
    if (!reuse) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    boolean headRequest = "HEAD".equals(current.method().name());
    ctx.write(head);
    if (!headRequest) {
      try {
        if (body instanceof ResponseBody.Bytes bytes) {
          if (bytes.bytes().length > 0) {
            ctx.write(Unpooled.wrappedBuffer(bytes.bytes()));
          }
        } else if (body instanceof ResponseBody.FileRegion region) {
          RandomAccessFile file = new RandomAccessFile(region.file().toFile(), "r");
          ctx.write(new DefaultFileRegion(file.getChannel(), region.offset(), region.length()));
        } else if (body instanceof ResponseBody.ChannelRegion region) {
          // DefaultFileRegion closes the channel once sent or released.
          ctx.write(new DefaultFileRegion(region.channel(), region.offset(), region.length()));
        } else if (body instanceof ResponseBody.Stream stream) {
          ctx.write(new ChunkedStream(stream.stream(), 256 * 1024));
        }
      } catch (IOException e) {
        LOG.log(Level.ERROR, "cannot send response body", e);
        ctx.close();
        return;
      }
    } else {
      closeUnsent(body);
    }
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener(
            future -> {
              if (!reuse || !future.isSuccess()) {
                ctx.close();
                return;
              }
              finishExchange(ctx);
            });
  }

  /** Releases what a body holds open when it is not sent (HEAD). */
  private static void closeUnsent(ResponseBody body) {
    try {
      if (body instanceof ResponseBody.Stream stream) {
        stream.stream().close();
      } else if (body instanceof ResponseBody.ChannelRegion region) {
        region.channel().close();
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing an unsent response body", e);
    }
  }

  private void finishExchange(ChannelHandlerContext ctx) {
    if (streaming != null) {
      streaming.discard();
      streaming = null;
    }
    current = null;
    head = null;
    inFlight = false;
    while (!inFlight && !pipelined.isEmpty()) {
      process(ctx, pipelined.poll());
    }
    if (pipelined.isEmpty()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void tooLarge(ChannelHandlerContext ctx) {
    if (buffered != null) {
      buffered.release();
      buffered = null;
    }
    writeSimple(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large", false);
  }

  private void writeSimple(
      ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keep) {
    DefaultFullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text.getBytes()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    if (!keep) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cleanup(new ClosedChannelException());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.DEBUG, "connection error", cause);
    cleanup(cause instanceof IOException io ? io : new IOException(cause));
    ctx.close();
  }

  private void cleanup(IOException cause) {
    if (streaming != null) {
      streaming.fail(cause);
    }
    if (buffered != null) {
      buffered.release();
      buffered = null;
    }
    pipelined.forEach(ReferenceCountUtil::release);
    pipelined.clear();
  }
}
