package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.clock.ClockListener;
import dev.basin.core.clock.TestClock;
import dev.basin.core.storage.MetadataStore;
import dev.basin.dynamodb.store.DynamoDbStore;
import dev.basin.dynamodb.store.ItemRow;
import dev.basin.dynamodb.store.StreamStore;
import dev.basin.dynamodb.store.TableDef;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes items whose time-to-live has passed on Basin's clock, and trims stream records and
 * disabled streams past their 24-hour retention ({@link StreamStore#trim}), as DynamoDB's
 * background TTL process does: for a table with TTL enabled, an item whose TTL attribute is a
 * Number (epoch seconds) before now is deleted, with its index entries; items without the
 * attribute, with another type, or more than five years in the past (which DynamoDB also never
 * deletes) stay.
 *
 * <p>When: with a {@link TestClock}, synchronously on every move of the clock (so a test that
 * advances the clock sees the items gone when the move returns); otherwise every {@link #PERIOD} of
 * real time. Until a sweep removes them, reads still return expired items, as DynamoDB's do.
 *
 * <p>Each sweep finds candidates in a read transaction and deletes them in write units that check
 * the item again, so an item rewritten in between with a later expiry is kept.
 */
final class TtlSweeper implements AutoCloseable {
  static final Duration PERIOD = Duration.ofSeconds(30);
  private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;
  private static final int BATCH = 500;
  private static final System.Logger LOG = System.getLogger(TtlSweeper.class.getName());

  private final DynamoDbStore store;
  private final BasinClock clock;
  private final ScheduledExecutorService scheduler;
  private final ClockListener listener;

  TtlSweeper(DynamoDbStore store, BasinClock clock) {
    this.store = store;
    this.clock = clock;
    if (clock instanceof TestClock testClock) {
      this.scheduler = null;
      this.listener = (previous, now) -> sweepQuietly();
      testClock.addListener(listener);
    } else {
      this.listener = null;
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "basin-dynamodb-ttl");
                t.setDaemon(true);
                return t;
              });
      scheduler.scheduleWithFixedDelay(
          this::sweepQuietly, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "DynamoDB TTL sweep failed", e);
    }
  }

  /**
   * Runs one sweep (TTL, then stream retention) over every account and region; returns the number
   * of items deleted.
   */
  int sweep() {
    Instant now = clock.now();
    int deleted = 0;
    for (MetadataStore db : store.databases()) {
      List<TableDef> tables = db.read(DynamoDbStore::tables);
      for (TableDef table : tables) {
        JsonNode ttl = table.definition().get("TimeToLive");
        if (ttl != null && ttl.path("Enabled").asBoolean()) {
          deleted += sweep(db, table, ttl.path("AttributeName").asText(), now);
        }
      }
      long nowMillis = now.toEpochMilli();
      db.write(c -> StreamStore.trim(c, nowMillis));
    }
    return deleted;
  }

  private static boolean expired(JsonNode item, String attribute, long nowSeconds) {
    JsonNode value = item.get(attribute);
    if (value == null || !value.has("N")) {
      return false;
    }
    BigDecimal expiry;
    try {
      expiry = new BigDecimal(value.get("N").asText());
    } catch (NumberFormatException e) {
      return false;
    }
    return expiry.compareTo(BigDecimal.valueOf(nowSeconds)) < 0
        && expiry.compareTo(BigDecimal.valueOf(nowSeconds - FIVE_YEARS_SECONDS)) >= 0;
  }

  private static int sweep(MetadataStore db, TableDef table, String attribute, Instant now) {
    long nowSeconds = now.getEpochSecond();
    long nowMillis = now.toEpochMilli();
    List<byte[][]> candidates =
        db.read(
            c -> {
              List<byte[][]> keys = new ArrayList<>();
              DynamoDbStore.scan(
                  c,
                  table.id(),
                  null,
                  null,
                  row -> {
                    if (expired(row.item(), attribute, nowSeconds)) {
                      keys.add(new byte[][] {row.hashKey(), row.rangeKey()});
                    }
                    return true;
                  });
              return keys;
            });
    int deleted = 0;
    for (int from = 0; from < candidates.size(); from += BATCH) {
      List<byte[][]> batch = candidates.subList(from, Math.min(candidates.size(), from + BATCH));
      deleted +=
          db.write(
              c -> {
                TableDef current = DynamoDbStore.table(c, table.id());
                if (current == null) {
                  return 0;
                }
                JsonNode ttl = current.definition().get("TimeToLive");
                if (ttl == null
                    || !ttl.path("Enabled").asBoolean()
                    || !ttl.path("AttributeName").asText().equals(attribute)) {
                  return 0;
                }
                int n = 0;
                for (byte[][] key : batch) {
                  ItemRow old = DynamoDbStore.item(c, current.id(), key[0], key[1]);
                  if (old != null && expired(old.item(), attribute, nowSeconds)) {
                    DynamoDbStore.deleteItem(c, current, old, nowMillis, true);
                    n++;
                  }
                }
                return n;
              });
    }
    return deleted;
  }

  @Override
  public void close() {
    if (listener != null) {
      ((TestClock) clock).removeListener(listener);
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
