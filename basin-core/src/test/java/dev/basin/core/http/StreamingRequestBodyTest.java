package dev.basin.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamingRequestBodyTest {

  @Test
  void bytesArriveInOrderAndTheStreamEndsWithTheBody() throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel();
    StreamingRequestBody body = new StreamingRequestBody(channel, 6);
    body.offer(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    body.offer(Unpooled.wrappedBuffer(new byte[] {4, 5, 6}));
    body.end();
    try (InputStream in = body.stream()) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3, 4, 5, 6);
    }
    assertThat(body.contentLength()).isEqualTo(6);
    assertThat(body.buffered()).isNull();
  }

  @Test
  void readingPausesAboveTheHighWaterMarkAndResumesOnceDrained() throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel();
    StreamingRequestBody body = new StreamingRequestBody(channel, -1);
    byte[] chunk = new byte[1024 * 1024];
    Arrays.fill(chunk, (byte) 7);
    for (int i = 0; i < 5; i++) {
      body.offer(Unpooled.wrappedBuffer(chunk));
    }
    assertThat(channel.config().isAutoRead()).isFalse();

    InputStream in = body.stream();
    byte[] buffer = new byte[1024 * 1024];
    for (int i = 0; i < 4; i++) {
      assertThat(in.readNBytes(buffer, 0, buffer.length)).isEqualTo(buffer.length);
    }
    channel.runPendingTasks();
    assertThat(channel.config().isAutoRead()).as("1 MiB still queued").isFalse();
    assertThat(in.read()).isEqualTo(7);
    channel.runPendingTasks();
    assertThat(channel.config().isAutoRead()).as("below the low-water mark").isTrue();
    body.end();
    assertThat(in.readAllBytes()).hasSize(1024 * 1024 - 1);
  }

  @Test
  void aReaderWaitsForDataAndSeesAConnectionFailure() throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel();
    StreamingRequestBody body = new StreamingRequestBody(channel, 10);
    InputStream in = body.stream();
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return in.read();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    body.offer(Unpooled.wrappedBuffer(new byte[] {42}));
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(42);

    body.fail(new IOException("connection reset"));
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("connection reset");
  }

  @Test
  void theBodyCanBeOpenedOnce() {
    StreamingRequestBody body = new StreamingRequestBody(new EmbeddedChannel(), 0);
    body.stream();
    assertThatThrownBy(body::stream).isInstanceOf(IllegalStateException.class);
  }
}
