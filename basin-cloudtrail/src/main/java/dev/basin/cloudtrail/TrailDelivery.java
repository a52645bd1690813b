package dev.basin.cloudtrail;

import dev.basin.core.clock.BasinClock;
import dev.basin.s3.store.Bucket;
import dev.basin.s3.store.ContentHeaders;
import dev.basin.s3.store.ObjectAttributes;
import dev.basin.s3.store.S3Store;
import dev.basin.s3.store.StagedBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Delivers logging trails' events into their S3 buckets as CloudTrail log files: gzipped {@code
 * {"Records":[...]}} under {@code
 * [prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>.json.gz},
 * one file per region per delivery, every {@code interval} (AWS: about every five minutes) and once
 * more at {@link #close()}.
 *
 * <p>Files are written through {@link S3Store} directly, owned by the bucket's owner, not through
 * the gateway: deliveries are therefore never recorded as events themselves (AWS does not log its
 * own deliveries into the trail either).
 */
final class TrailDelivery implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TrailDelivery.class.getName());
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final char[] ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /** Most events read per step; a step writes at most one file per region. */
  static final int PAGE = 2000;

  private final CloudTrailStore store;
  private final S3Store s3;
  private final BasinClock clock;
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService scheduler;

  TrailDelivery(CloudTrailStore store, S3Store s3, BasinClock clock, Duration interval) {
    this.store = store;
    this.s3 = s3;
    this.clock = clock;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cloudtrail-delivery");
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::deliverQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void deliverQuietly() {
    try {
      deliverAll();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "CloudTrail delivery failed", e);
    }
  }

  /** Delivers every logging trail's pending events. Runs on the delivery thread or at close. */
  void deliverAll() {
    for (Trail trail : store.trails(null)) {
      if (trail.logging()) {
        deliver(trail);
      }
    }
  }

  private void deliver(Trail trail) {
    long cursor = trail.cursor();
    while (true) {
      List<CloudTrailStore.Deliverable> events = store.eventsAfter(trail.accountId(), cursor, PAGE);
      if (events.isEmpty()) {
        return;
      }
      Map<String, StringBuilder> byRegion = new LinkedHashMap<>();
      for (CloudTrailStore.Deliverable event : events) {
        if (selects(trail, event)) {
          StringBuilder records =
              byRegion.computeIfAbsent(event.region(), r -> new StringBuilder());
          if (!records.isEmpty()) {
            records.append(',');
          }
          records.append(event.record());
        }
      }
      long last = events.get(events.size() - 1).seq();
      Instant now = clock.now();
      String error = null;
      Optional<Bucket> bucket = s3.bucket(trail.bucket());
      if (byRegion.isEmpty()) {
        // nothing selected: only the cursor moves
      } else if (bucket.isEmpty()) {
        error = "NoSuchBucket";
      } else {
        try {
          for (Map.Entry<String, StringBuilder> region : byRegion.entrySet()) {
            write(trail, bucket.get(), region.getKey(), region.getValue(), now);
          }
        } catch (RuntimeException e) {
          error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
      }
      if (error != null) {
        store.recordDelivery(trail, cursor, now, error);
        return; // retried at the next delivery
      }
      if (byRegion.isEmpty()) {
        store.advanceCursor(trail, last);
      } else {
        store.recordDelivery(trail, last, now, null);
      }
      cursor = last;
      if (events.size() < PAGE) {
        return;
      }
    }
  }

  private static boolean selects(Trail trail, CloudTrailStore.Deliverable event) {
    if (!trail.multiRegion() && !event.region().equals(trail.homeRegion())) {
      return false;
    }
    if (!trail.includeGlobalServiceEvents() && event.eventSource().equals("iam.amazonaws.com")) {
      return false;
    }
    return TrailSelectors.selects(trail.selectors(), event);
  }

  private void write(Trail trail, Bucket bucket, String region, CharSequence records, Instant now) {
    String account = trail.accountId();
    String prefix =
        trail.keyPrefix() == null || trail.keyPrefix().isEmpty() ? "" : trail.keyPrefix() + "/";
    String key =
        prefix
            + "AWSLogs/"
            + account
            + "/CloudTrail/"
            + region
            + "/"
            + DAY.format(now)
            + "/"
            + account
            + "_CloudTrail_"
            + region
            + "_"
            + STAMP.format(now)
            + "_"
            + randomSuffix()
            + ".json.gz";
    byte[] body = gzip(records);
    try (StagedBody staged = s3.stage(body, Set.of())) {
      s3.putObject(
          bucket.name(),
          key,
          staged,
          ObjectAttributes.of(bucket.owner())
              .withHeaders(new ContentHeaders("application/json", "gzip", null, null, null, null)));
    }
  }

  private static byte[] gzip(CharSequence records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(records.length() / 4 + 64);
    try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
      out.append("{\"Records\":[").append(records).append("]}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private String randomSuffix() {
    char[] out = new char[16];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
    }
    return new String(out);
  }

  /** Stops the schedule, then delivers what is pending. Call after the recorder has drained. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deliverQuietly();
  }
}
