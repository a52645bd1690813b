package dev.basin.core.observability;

import dev.basin.core.gateway.RequestListener;
import dev.basin.core.gateway.RequestRecord;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts, errors and latency distributions per service and operation, since start. The
 * CloudWatch module will publish them as Basin's own metrics; {@code GET /_basin/metrics} shows
 * them. Recording is lock-free (adders and a fixed array of latency buckets).
 */
public final class RequestMetrics implements RequestListener {
  private final Map<String, OperationStats> stats = new ConcurrentHashMap<>();

  @Override
  public void onRequest(RequestRecord record) {
    stats
        .computeIfAbsent(record.service() + " " + record.operation(), key -> new OperationStats())
        .record(record.status(), record.latencyNanos());
  }

  /** Per "service operation": count, client and server errors, p50/p99/max latency. */
  public Map<String, Snapshot> snapshot() {
    Map<String, Snapshot> result = new TreeMap<>();
    stats.forEach((key, value) -> result.put(key, value.snapshot()));
    return result;
  }

  /**
   * @param p50Micros upper bound of the bucket holding the median latency
   * @param p99Micros upper bound of the bucket holding the 99th percentile
   */
  public record Snapshot(
      long count,
      long clientErrors,
      long serverErrors,
      long p50Micros,
      long p99Micros,
      long maxMicros) {}

  /**
   * Latency in buckets that grow by about 19% each (4 per doubling) from 1 µs to about 70 s: a
   * percentile is off by at most one bucket's width.
   */
  static final class OperationStats {
    private static final int BUCKETS = 4 * 27;
    private final LongAdder count = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder[] latency = new LongAdder[BUCKETS];
    private volatile long maxNanos;

    OperationStats() {
      for (int i = 0; i < BUCKETS; i++) {
        latency[i] = new LongAdder();
      }
    }

    void record(int status, long nanos) {
      count.increment();
      if (status >= 500) {
        serverErrors.increment();
      } else if (status >= 400) {
        clientErrors.increment();
      }
      latency[bucket(nanos / 1000)].increment();
      if (nanos > maxNanos) {
        maxNanos = nanos;
      }
    }

    static int bucket(long micros) {
      if (micros <= 1) {
        return 0;
      }
      double index = Math.log(micros) / Math.log(2) * 4;
      return (int) Math.min(BUCKETS - 1, Math.ceil(index));
    }

    static long upperBound(int bucket) {
      return (long) Math.ceil(Math.pow(2, bucket / 4.0));
    }

    Snapshot snapshot() {
      long[] counts = new long[BUCKETS];
      long total = 0;
      for (int i = 0; i < BUCKETS; i++) {
        counts[i] = latency[i].sum();
        total += counts[i];
      }
      return new Snapshot(
          count.sum(),
          clientErrors.sum(),
          serverErrors.sum(),
          percentile(counts, total, 0.50),
          percentile(counts, total, 0.99),
          maxNanos / 1000);
    }

    private static long percentile(long[] counts, long total, double fraction) {
      long rank = (long) Math.ceil(total * fraction);
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank && seen > 0) {
          return upperBound(i);
        }
      }
      return 0;
    }
  }
}
