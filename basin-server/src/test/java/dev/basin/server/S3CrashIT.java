package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Crash consistency of S3 PutObject: Basin (the packaged jar, as a child process) takes concurrent
 * PUTs from 8 SDK threads, is killed with SIGKILL mid-load, and is restarted on the same data
 * directory. After recovery every acknowledged write must be readable intact, nothing half-written
 * may be visible, and no blob file may survive that the store does not reference.
 *
 * <p>Each thread owns its keys and writes them in turn, so per key it knows the last acknowledged
 * body and the one possibly in flight at the kill: the key must read back as one of those two
 * (absent allowed only if no PUT of it was acknowledged). Bodies are 1 KiB (stored inline in the
 * database) or 256 KiB (a blob file: fsync, rename, then the metadata commit).
 */
class S3CrashIT {
  private static final Pattern READY = Pattern.compile("Basin is ready on (http://\\S+)");
  private static final int THREADS = 8;
  private static final int KEYS_PER_THREAD = 24;
  private static final Duration LOAD = Duration.ofSeconds(2);
  private static final String BUCKET = "crash-bucket";
  private static final int SMALL = 1024;
  private static final int LARGE = 256 * 1024;

  /** What one writer thread did to one of its keys; only that thread touches it until joined. */
  private static final class KeyHistory {
    String lastAcked;
    String inFlight;
  }

  @Test
  void acknowledgedPutsSurviveSigkillAndRecoveryLeavesNoOrphans(@TempDir Path dataDir)
      throws Exception {
    Map<String, KeyHistory> histories = new HashMap<>();
    Map<String, Integer> ackedSizes = new HashMap<>();
    ConcurrentLinkedQueue<Throwable> failuresBeforeKill = new ConcurrentLinkedQueue<>();

    try (ChildBasin first = ChildBasin.start(dataDir);
        S3Client s3 = client(first.endpoint)) {
      s3.createBucket(b -> b.bucket(BUCKET));
      AtomicBoolean killed = new AtomicBoolean();
      List<Map<String, KeyHistory>> perThread = new ArrayList<>();
      List<Map<String, Integer>> sizesPerThread = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Map<String, KeyHistory> mine = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        perThread.add(mine);
        sizesPerThread.add(sizes);
        int thread = t;
        writers.add(pool.submit(() -> write(s3, thread, mine, sizes, killed, failuresBeforeKill)));
      }
      Thread.sleep(LOAD.toMillis());
      killed.set(true);
      first.process.destroyForcibly(); // SIGKILL
      assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      perThread.forEach(histories::putAll);
      sizesPerThread.forEach(ackedSizes::putAll);
    }
    assertThat(failuresBeforeKill).as("PUTs failed while Basin was up").isEmpty();
    assertThat(ackedSizes.values())
        .as("the load must acknowledge writes of both kinds before the kill")
        .contains(SMALL, LARGE)
        .hasSizeGreaterThan(THREADS);

    try (ChildBasin second = ChildBasin.start(dataDir);
        S3Client s3 = client(second.endpoint)) {
      Set<String> visible = new HashSet<>();
      for (Map.Entry<String, KeyHistory> entry : histories.entrySet()) {
        String key = entry.getKey();
        KeyHistory history = entry.getValue();
        String content = sha256Of(s3, key);
        if (content != null) {
          visible.add(key);
        }
        Set<String> allowed = new HashSet<>();
        if (history.lastAcked != null) {
          allowed.add(history.lastAcked);
        }
        if (history.inFlight != null) {
          allowed.add(history.inFlight);
        }
        if (history.lastAcked == null) {
          // Never acknowledged: absent, or the whole in-flight body if its commit won the race.
          if (content != null) {
            assertThat(content).as("unacknowledged %s", key).isIn(allowed);
          }
        } else {
          assertThat(content)
              .as("acknowledged %s (last acked or the newer in-flight body)", key)
              .isNotNull()
              .isIn(allowed);
        }
      }
      Set<String> listed =
          s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
              .map(S3Object::key)
              .collect(Collectors.toSet());
      assertThat(listed).as("listing after recovery").isEqualTo(visible);

      // Recovery ran before Basin reported ready: blob files must be exactly what rows reference.
      Path store = dataDir.resolve("s3").resolve("blobs");
      try (Stream<Path> temps = Files.list(store.resolve("tmp"))) {
        assertThat(temps).as("temporary blob files after recovery").isEmpty();
      }
      Set<String> files;
      try (Stream<Path> walk = Files.walk(store.resolve("blobs"))) {
        files =
            walk.filter(Files::isRegularFile)
                .map(p -> p.getFileName().toString())
                .collect(Collectors.toSet());
      }
      Set<String> referenced = referencedBlobs(dataDir.resolve("s3").resolve("s3.db"));
      assertThat(files).as("blob files vs blobs referenced by the store").isEqualTo(referenced);
      long largeVisible =
          histories.keySet().stream()
              .filter(visible::contains)
              .filter(k -> s3.headObject(b -> b.bucket(BUCKET).key(k)).contentLength() == LARGE)
              .count();
      assertThat(referenced).as("one blob per visible 256 KiB object").hasSize((int) largeVisible);
      second.stop();
    }
  }

  /** One writer: PUTs its keys round-robin with random bodies until Basin dies. */
  private static Void write(
      S3Client s3,
      int thread,
      Map<String, KeyHistory> histories,
      Map<String, Integer> ackedSizes,
      AtomicBoolean killed,
      ConcurrentLinkedQueue<Throwable> failuresBeforeKill) {
    Random random = new Random(thread * 7919L + System.nanoTime());
    for (int n = 0; ; n++) {
      String key = String.format("t%d/k%02d", thread, n % KEYS_PER_THREAD);
      byte[] body = new byte[random.nextBoolean() ? SMALL : LARGE];
      random.nextBytes(body);
      KeyHistory history = histories.computeIfAbsent(key, k -> new KeyHistory());
      history.inFlight = sha256(body);
      try {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
      } catch (SdkException e) {
        if (!killed.get()) {
          failuresBeforeKill.add(e);
        }
        return null;
      }
      history.lastAcked = history.inFlight;
      history.inFlight = null;
      ackedSizes.put(key, body.length);
    }
  }

  /** The SHA-256 of the object's bytes, or null if there is no such key. */
  private static String sha256Of(S3Client s3, String key) {
    try {
      ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
      return sha256(bytes.asByteArrayUnsafe());
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /** Blob ids the store's rows point at (versions and multipart parts), read-only. */
  private static Set<String> referencedBlobs(Path db) throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    Set<String> ids = new HashSet<>();
    try (Connection c = config.createConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT blob_id FROM object_version WHERE blob_id IS NOT NULL"
                    + " UNION SELECT blob_id FROM part WHERE blob_id IS NOT NULL")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static S3Client client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(
            ApacheHttpClient.builder()
                .maxConnections(THREADS)
                .socketTimeout(Duration.ofSeconds(20))
                .build())
        // A retry after the kill would only wait for a Basin that is gone.
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** {@code java -jar basin.jar --port 0 --data-dir D --quiet} with its output collected. */
  private static final class ChildBasin implements AutoCloseable {
    final Process process;
    final URI endpoint;
    private final List<String> output;
    private final Thread reader;

    private ChildBasin(Process process, URI endpoint, List<String> output, Thread reader) {
      this.process = process;
      this.endpoint = endpoint;
      this.output = output;
      this.reader = reader;
    }

    static ChildBasin start(Path dataDir) throws Exception {
      Path jar = Path.of("").toAbsolutePath().getParent().resolve("basin-server/target/basin.jar");
      assertThat(jar).as("mvn package builds the jar before integration tests").exists();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(
                  java,
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-jar",
                  jar.toString(),
                  "--port",
                  "0",
                  "--data-dir",
                  dataDir.toString(),
                  "--quiet")
              .redirectErrorStream(true)
              .start();
      List<String> output = new ArrayList<>();
      CompletableFuture<String> ready = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                      output.add(line);
                    }
                    Matcher matcher = READY.matcher(line);
                    if (matcher.find()) {
                      ready.complete(matcher.group(1));
                    }
                  }
                  synchronized (output) {
                    ready.completeExceptionally(new IOException("basin exited: " + output));
                  }
                } catch (IOException e) {
                  ready.completeExceptionally(e);
                }
              },
              "basin-child-output");
      reader.setDaemon(true);
      reader.start();
      try {
        return new ChildBasin(process, URI.create(ready.get(30, TimeUnit.SECONDS)), output, reader);
      } catch (Exception e) {
        process.destroyForcibly();
        throw e;
      }
    }

    /** SIGTERM, as Ctrl-C: Basin must stop cleanly. */
    void stop() throws Exception {
      process.toHandle().destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      reader.join(5000);
      synchronized (output) {
        assertThat(output).as("output %s", output).anyMatch(l -> l.contains("basin: stopped"));
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
