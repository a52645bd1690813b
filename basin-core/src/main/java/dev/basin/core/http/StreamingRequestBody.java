package dev.basin.core.http;

import dev.basin.core.concurrent.Blocking;
import dev.basin.core.protocol.RequestBody;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body that streams from the connection to the handler's thread. The event loop {@link
 * #offer offers} chunks as they arrive; the handler reads them as an {@link InputStream}. When more
 * than {@link #HIGH_WATER} bytes wait unread, the channel stops reading from the socket (TCP
 * back-pressure slows the client) until the reader has drained below {@link #LOW_WATER}. At most
 * about HIGH_WATER bytes of a body are ever in memory.
 */
final class StreamingRequestBody implements RequestBody {
  static final int HIGH_WATER = 4 * 1024 * 1024;
  static final int LOW_WATER = 1024 * 1024;

  private final Channel channel;
  private final long contentLength;
  private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
  private long queuedBytes;
  private boolean ended;
  private IOException failure;
  private boolean opened;
  private boolean pausedReading;

  StreamingRequestBody(Channel channel, long contentLength) {
    this.channel = channel;
    this.contentLength = contentLength;
  }

  /** Event loop: a chunk arrived; the body takes ownership of {@code chunk}. */
  synchronized void offer(ByteBuf chunk) {
    if (failure != null || closed) {
      chunk.release();
      return;
    }
    chunks.add(chunk);
    queuedBytes += chunk.readableBytes();
    if (queuedBytes > HIGH_WATER && !pausedReading) {
      pausedReading = true;
      channel.config().setAutoRead(false);
    }
    notifyAll();
  }

  /** Event loop: the last chunk arrived. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /** Event loop: the connection failed or closed before the body ended. */
  synchronized void fail(IOException cause) {
    if (!ended) {
      failure = cause;
    }
    notifyAll();
  }

  private boolean closed;

  /** Releases what is still queued; called when the exchange is over. */
  synchronized void discard() {
    closed = true;
    chunks.forEach(ByteBuf::release);
    chunks.clear();
    queuedBytes = 0;
    resumeIfPaused();
  }

  @Override
  public long contentLength() {
    return contentLength;
  }

  @Override
  public byte[] buffered() {
    return null;
  }

  @Override
  public synchronized InputStream stream() {
    if (opened) {
      throw new IllegalStateException("a streaming request body can be read once");
    }
    opened = true;
    return new Reader();
  }

  private void resumeIfPaused() {
    if (pausedReading && queuedBytes < LOW_WATER) {
      pausedReading = false;
      channel
          .eventLoop()
          .execute(
              () -> {
                channel.config().setAutoRead(true);
                channel.read();
              });
    }
  }

  private final class Reader extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      synchronized (StreamingRequestBody.this) {
        while (chunks.isEmpty()) {
          if (failure != null) {
            throw failure;
          }
          if (ended || closed) {
            return -1;
          }
          try {
            Blocking.run(StreamingRequestBody.this::wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
          }
        }
        ByteBuf head = chunks.peek();
        int n = Math.min(length, head.readableBytes());
        head.readBytes(buffer, offset, n);
        queuedBytes -= n;
        if (!head.isReadable()) {
          chunks.poll().release();
        }
        resumeIfPaused();
        return n;
      }
    }

    @Override
    public int available() {
      synchronized (StreamingRequestBody.this) {
        return (int) Math.min(Integer.MAX_VALUE, queuedBytes);
      }
    }
  }
}
