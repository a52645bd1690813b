package dev.basin.s3.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.clock.BasinClock;
import dev.basin.s3.store.S3Store.ListObjectsQuery;
import dev.basin.s3.store.S3Store.ListVersionsQuery;
import dev.basin.s3.store.S3Store.ObjectListing;
import dev.basin.s3.store.S3Store.VersionListing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listings against a brute-force model over random keys (fixed seed): prefixes, delimiters
 * (including multi-byte ones), markers and pagination. Keys mix characters whose UTF-16 order
 * differs from their UTF-8 order (U+E000 sorts after U+1F600 in UTF-16, before it in UTF-8), so a
 * listing in Java string order would fail.
 */
class TestS3StoreListing {

  private static final String[] ALPHABET = {"a", "b", "/", "é", "😀", "\uE000", "-", "a/"};
  private static final Comparator<String> UTF8 =
      (x, y) ->
          Arrays.compareUnsigned(
              x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private SqliteS3Store store;
  private final Random random = new Random(20260126);

  @BeforeEach
  void open() {
    store = SqliteS3Store.open(dir, BasinClock.SYSTEM, SqliteS3Store.Options.DEFAULT);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void listObjectsMatchesTheModel() throws Exception {
    store.createBucket("b", "us-east-1", "owner");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      keys.add(randomKey());
    }
    keys = List.copyOf(new java.util.LinkedHashSet<>(keys));
    putAll("b", keys);
    // A few deleted objects must not show.
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort(UTF8);
    for (int i = 0; i < sorted.size(); i += 50) {
      store.delete("b", sorted.get(i), null);
    }
    List<String> live = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      if (i % 50 != 0) {
        live.add(sorted.get(i));
      }
    }
    String[] delimiters = {null, "/", "a", "😀", "/a", "é/"};
    int[] sizes = {1, 2, 7, 100, 1000};
    int pages = 0;
    for (int q = 0; q < 300; q++) {
      String prefix = random.nextInt(3) == 0 ? "" : randomPrefix(sorted);
      String delimiter = delimiters[random.nextInt(delimiters.length)];
      int max = sizes[random.nextInt(sizes.length)];
      String marker = random.nextInt(3) == 0 ? randomKey() : null;
      for (int page = 0; page < 25; page++) {
        ListObjectsQuery query = new ListObjectsQuery(prefix, delimiter, marker, max);
        ObjectListing got = store.listObjects("b", query);
        ObjectListing want = model(live, query);
        assertThat(got.objects().stream().map(ObjectVersion::key).toList())
            .as("objects of %s", query)
            .isEqualTo(want.objects().stream().map(ObjectVersion::key).toList());
        assertThat(got.commonPrefixes())
            .as("prefixes of %s", query)
            .isEqualTo(want.commonPrefixes());
        assertThat(got.truncated()).as("truncated %s", query).isEqualTo(want.truncated());
        assertThat(got.nextMarker()).as("next marker %s", query).isEqualTo(want.nextMarker());
        assertThat(got.objects()).allMatch(v -> v.latest() && !v.deleteMarker());
        pages++;
        if (!got.truncated()) {
          break;
        }
        marker = got.nextMarker();
      }
    }
    assertThat(pages).isGreaterThan(300);
  }

  @Test
  void listVersionsPagesThroughTheModelsVersionsNewestFirst() throws Exception {
    store.createBucket("v", "us-east-1", "owner");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add(randomKey());
    }
    keys = List.copyOf(new java.util.LinkedHashSet<>(keys));
    Map<String, List<String>> history = new TreeMap<>(UTF8); // version ids, oldest first
    for (String k : keys.subList(0, keys.size() / 3)) {
      history.computeIfAbsent(k, x -> new ArrayList<>()).add(put("v", k));
    }
    store.setVersioning("v", VersioningState.ENABLED);
    for (int round = 0; round < 3; round++) {
      for (String k : keys) {
        int r = random.nextInt(4);
        if (r == 0) {
          continue;
        }
        String id = r == 3 ? store.delete("v", k, null).versionId() : put("v", k);
        history.computeIfAbsent(k, x -> new ArrayList<>()).add(id);
      }
    }
    String[] delimiters = {null, "/", "a"};
    for (int q = 0; q < 60; q++) {
      String prefix = random.nextInt(2) == 0 ? "" : randomPrefix(new ArrayList<>(history.keySet()));
      String delimiter = delimiters[random.nextInt(delimiters.length)];
      int max = 1 + random.nextInt(q % 2 == 0 ? 5 : 300);
      String startKey = random.nextInt(3) == 0 ? randomKey() : null;
      List<String> want = new ArrayList<>();
      String lastPrefix = null;
      for (Map.Entry<String, List<String>> e : history.entrySet()) {
        String k = e.getKey();
        if (!k.startsWith(prefix)) {
          continue;
        }
        String cp = RowCodec.commonPrefix(k, prefix, delimiter);
        if (cp != null) {
          if (!cp.equals(lastPrefix) && (startKey == null || UTF8.compare(cp, startKey) > 0)) {
            want.add("P " + cp);
            lastPrefix = cp;
          }
          continue;
        }
        if (startKey != null && UTF8.compare(k, startKey) <= 0) {
          continue;
        }
        List<String> ids = new ArrayList<>(e.getValue());
        Collections.reverse(ids);
        for (String id : ids) {
          want.add("V " + k + " " + id);
        }
      }
      List<String> got = new ArrayList<>();
      String keyMarker = startKey;
      String versionMarker = null;
      for (int page = 0; page < 2000; page++) {
        VersionListing l =
            store.listVersions(
                "v", new ListVersionsQuery(prefix, delimiter, keyMarker, versionMarker, max));
        List<String> entries = new ArrayList<>();
        l.versions().forEach(v -> entries.add("V " + v.key() + " " + v.versionId()));
        l.commonPrefixes().forEach(p -> entries.add("P " + p));
        entries.sort(Comparator.comparing(s -> s.substring(2).split(" ")[0], UTF8));
        // Entries of one key keep their order: the stable sort above leaves versions in place.
        got.addAll(entries);
        if (!l.truncated()) {
          break;
        }
        assertThat(entries).hasSize(max);
        keyMarker = l.nextKeyMarker();
        versionMarker = l.nextVersionIdMarker();
      }
      assertThat(got).as("prefix %s delimiter %s max %d", prefix, delimiter, max).isEqualTo(want);
    }
  }

  @Test
  void aDelimitedListingSeeksPastCommonPrefixesInsteadOfScanningThem() throws Exception {
    store.createBucket("f", "us-east-1", "owner");
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      keys.add("big/" + i);
    }
    keys.addAll(List.of("a", "big", "big0", "c/1", "c/2", "d"));
    putAll("f", keys);
    long before = store.lister().rowsRead();
    ObjectListing l = store.listObjects("f", new ListObjectsQuery("", "/", null, 1000));
    assertThat(l.commonPrefixes()).containsExactly("big/", "c/");
    assertThat(l.objects()).extracting(ObjectVersion::key).containsExactly("a", "big", "big0", "d");
    assertThat(store.lister().rowsRead() - before).as("rows read").isLessThan(20);
    before = store.lister().rowsRead();
    VersionListing v = store.listVersions("f", new ListVersionsQuery("", "/", null, null, 1000));
    assertThat(v.commonPrefixes()).containsExactly("big/", "c/");
    assertThat(store.lister().rowsRead() - before).as("rows read").isLessThan(20);
  }

  /** The listing by definition: sorted entries strictly after the marker, cut at max. */
  private static ObjectListing model(List<String> sortedKeys, ListObjectsQuery q) {
    Map<String, Boolean> entries = new LinkedHashMap<>(); // entry -> is a common prefix
    for (String k : sortedKeys) {
      if (!k.startsWith(q.prefix())) {
        continue;
      }
      String cp = RowCodec.commonPrefix(k, q.prefix(), q.delimiter());
      entries.putIfAbsent(cp != null ? cp : k, cp != null);
    }
    List<String> after = new ArrayList<>();
    for (String e : entries.keySet()) {
      if (q.marker() == null || UTF8.compare(e, q.marker()) > 0) {
        after.add(e);
      }
    }
    after.sort(UTF8);
    boolean truncated = after.size() > q.maxKeys() && q.maxKeys() > 0;
    List<String> page = after.subList(0, Math.min(q.maxKeys(), after.size()));
    List<ObjectVersion> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (String e : page) {
      if (entries.get(e)) {
        prefixes.add(e);
      } else {
        objects.add(
            new ObjectVersion(
                "b",
                e,
                "null",
                true,
                false,
                0,
                "",
                java.time.Instant.EPOCH,
                ObjectAttributes.of("o"),
                null,
                0,
                true));
      }
    }
    return new ObjectListing(
        objects, prefixes, truncated, truncated ? page.get(page.size() - 1) : null);
  }

  private String randomKey() {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(7);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  private String randomPrefix(List<String> keys) {
    String k = keys.get(random.nextInt(keys.size()));
    int cut = Math.min(k.length(), random.nextInt(4));
    if (cut > 0 && Character.isHighSurrogate(k.charAt(cut - 1))) {
      cut++;
    }
    return k.substring(0, cut);
  }

  private String put(String bucket, String key) {
    try (StagedBody body = store.stage(key.getBytes(StandardCharsets.UTF_8), Set.of())) {
      return store.putObject(bucket, key, body, ObjectAttributes.of("owner")).version().versionId();
    }
  }

  /** Puts concurrently, so that group commit makes a few thousand writes quick. */
  private void putAll(String bucket, List<String> keys) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<String>> done = new ArrayList<>();
      for (String k : keys) {
        done.add(pool.submit(() -> put(bucket, k)));
      }
      for (Future<String> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
