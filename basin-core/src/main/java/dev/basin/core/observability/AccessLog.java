package dev.basin.core.observability;

import dev.basin.core.gateway.RequestListener;
import dev.basin.core.gateway.RequestRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One JSON line per request: time, request id, service, operation, status, error code, latency,
 * caller. Lines are formatted on the request thread and written by one background thread in
 * batches, so that logging costs the request path a queue offer; when the queue is full (the output
 * cannot keep up) lines are dropped and counted rather than slowing requests down.
 */
public final class AccessLog implements RequestListener, AutoCloseable {
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(65_536);
  private final BufferedWriter out;
  private final Thread writer;
  private volatile boolean closed;
  private long dropped;

  public AccessLog(OutputStream stream) {
    this.out =
        new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
    this.writer = new Thread(this::drain, "basin-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void onRequest(RequestRecord record) {
    if (!lines.offer(format(record))) {
      synchronized (this) {
        dropped++;
      }
    }
  }

  static String format(RequestRecord record) {
    StringBuilder line = new StringBuilder(256);
    line.append("{\"time\":\"").append(record.time()).append('"');
    field(line, "requestId", record.requestId());
    field(line, "service", record.service());
    field(line, "operation", record.operation());
    line.append(",\"status\":").append(record.status());
    if (record.errorCode() != null) {
      field(line, "error", record.errorCode());
    }
    line.append(",\"latencyMs\":")
        .append(String.format(java.util.Locale.ROOT, "%.3f", record.latencyNanos() / 1e6));
    field(line, "region", record.region());
    field(line, "remote", record.remoteAddress());
    if (record.caller() != null) {
      field(line, "caller", record.caller().arn());
    }
    return line.append('}').toString();
  }

  private static void field(StringBuilder line, String name, String value) {
    line.append(",\"").append(name).append("\":\"");
    if (value != null) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"' || c == '\\') {
          line.append('\\').append(c);
        } else if (c < 0x20) {
          line.append(String.format("\\u%04x", (int) c));
        } else {
          line.append(c);
        }
      }
    }
    line.append('"');
  }

  private void drain() {
    List<String> batch = new ArrayList<>(1024);
    try {
      while (!closed || !lines.isEmpty()) {
        String first = lines.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        lines.drainTo(batch, 4096);
        for (String line : batch) {
          out.write(line);
          out.write('\n');
        }
        out.flush();
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // stdout is gone; nothing left to log to
    }
  }

  /** Lines dropped because the output could not keep up. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
