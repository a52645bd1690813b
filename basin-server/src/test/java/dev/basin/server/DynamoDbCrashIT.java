package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Durability of acknowledged DynamoDB writes across a crash: Basin runs as a child process ({@code
 * java -jar basin.jar}), 8 threads write for about 2 s, Basin is killed with SIGKILL, and a new
 * Basin on the same data directory must hold every acknowledged write.
 *
 * <p>Each thread alternates a PutItem of a fresh item {@code t<k>-<seq>} (value {@code v = seq * 7
 * + k}) and a conditional increment of its own counter {@code c<k>} ({@code SET n = n + 1} under
 * {@code n = :expected}). Per thread at most one request is in flight when the process dies, so the
 * assertions are exact:
 *
 * <ul>
 *   <li>every acknowledged PutItem's item is there with its value; of the items whose PutItem was
 *       not acknowledged (at most one per thread) nothing is asserted beyond its value being right
 *       if present;
 *   <li>a counter equals its number of acknowledged increments, or that plus one only when the
 *       thread's last increment was sent and its acknowledgement lost (the write committed, the
 *       response never arrived).
 * </ul>
 *
 * <p>The table has a stream: its records must match the table after the crash exactly (see {@link
 * #assertStreamMatchesTable}).
 */
class DynamoDbCrashIT {
  private static final Pattern READY = Pattern.compile("Basin is ready on (http://\\S+)");
  private static final int THREADS = 8;
  private static final String TABLE = "CrashTable";

  /** What one writer thread saw acknowledged. */
  private static final class Writer {
    final List<Integer> ackedPuts = new ArrayList<>();
    volatile Integer unackedPut;
    volatile int ackedIncrements;
    volatile boolean unackedIncrement;
  }

  /** A started Basin child process. */
  private record Child(Process process, String endpoint) {}

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path jar = root.resolve("basin-server/target/basin.jar");
    assertThat(jar).as("mvn package builds the jar before integration tests").exists();
    Path dataDir = Files.createTempDirectory("basin-ddb-crash-");
    try {
      Child first = start(jar, dataDir);
      Writer[] writers = new Writer[THREADS];
      String streamArn;
      try (DynamoDbClient ddb = client(first.endpoint())) {
        DynamoDbTablesIT.createHashTable(ddb, TABLE);
        streamArn =
            ddb.updateTable(
                    r ->
                        r.tableName(TABLE)
                            .streamSpecification(
                                st -> st.streamEnabled(true).streamViewType("NEW_IMAGE")))
                .tableDescription()
                .latestStreamArn();
        for (int k = 0; k < THREADS; k++) {
          int thread = k;
          ddb.putItem(
              r ->
                  r.tableName(TABLE)
                      .item(
                          Map.of(
                              "id",
                              AttributeValue.fromS("c" + thread),
                              "n",
                              AttributeValue.fromN("0"))));
        }
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int k = 0; k < THREADS; k++) {
          Writer writer = new Writer();
          writers[k] = writer;
          int thread = k;
          Thread t =
              new Thread(
                  () -> {
                    try {
                      write(ddb, thread, writer);
                    } finally {
                      done.countDown();
                    }
                  },
                  "crash-writer-" + k);
          t.setDaemon(true);
          t.start();
        }
        Thread.sleep(2000);
        // Process.destroyForcibly is SIGKILL on Linux: no shutdown hook, no clean close.
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(done.await(20, TimeUnit.SECONDS)).as("writers stop on the crash").isTrue();
      }

      int acknowledged = 0;
      for (Writer writer : writers) {
        acknowledged += writer.ackedPuts.size() + writer.ackedIncrements;
      }
      assertThat(acknowledged).as("the load made progress before the kill").isGreaterThan(100);

      Child second = start(jar, dataDir);
      try (DynamoDbClient ddb = client(second.endpoint())) {
        for (int k = 0; k < THREADS; k++) {
          Writer writer = writers[k];
          for (int seq : writer.ackedPuts) {
            GetItemResponse got = get(ddb, "t" + k + "-" + seq);
            assertThat(got.hasItem()).as("acknowledged put t%d-%d", k, seq).isTrue();
            assertThat(got.item().get("v").n()).isEqualTo(Integer.toString(seq * 7 + k));
          }
          if (writer.unackedPut != null) {
            GetItemResponse got = get(ddb, "t" + k + "-" + writer.unackedPut);
            if (got.hasItem()) {
              assertThat(got.item().get("v").n())
                  .isEqualTo(Integer.toString(writer.unackedPut * 7 + k));
            }
          }
          int counter = Integer.parseInt(get(ddb, "c" + k).item().get("n").n());
          if (writer.unackedIncrement) {
            assertThat(counter)
                .as(
                    "counter c%d: acked %d, last increment unacknowledged",
                    k, writer.ackedIncrements)
                .isBetween(writer.ackedIncrements, writer.ackedIncrements + 1);
          } else {
            assertThat(counter).as("counter c%d", k).isEqualTo(writer.ackedIncrements);
          }
        }
        assertStreamMatchesTable(ddb, second.endpoint(), streamArn);
      } finally {
        second.process().destroy();
        second.process().waitFor(20, TimeUnit.SECONDS);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * The stream record of a change is written in the change's transaction: after the crash, each
   * item present has exactly one INSERT, each counter exactly as many MODIFY records as its value,
   * and no record speaks of an item that is not there.
   */
  private static void assertStreamMatchesTable(DynamoDbClient ddb, String endpoint, String arn) {
    Map<String, Integer> inserts = new HashMap<>();
    Map<String, Integer> modifies = new HashMap<>();
    try (DynamoDbStreamsClient streams =
        DynamoDbStreamsClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      String shard =
          streams
              .describeStream(r -> r.streamArn(arn))
              .streamDescription()
              .shards()
              .get(0)
              .shardId();
      String iterator =
          streams
              .getShardIterator(
                  r -> r.streamArn(arn).shardId(shard).shardIteratorType("TRIM_HORIZON"))
              .shardIterator();
      while (true) {
        String current = iterator;
        GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(current));
        if (page.records().isEmpty()) {
          break;
        }
        for (Record record : page.records()) {
          String id = record.dynamodb().keys().get("id").s();
          (record.eventName() == OperationType.INSERT ? inserts : modifies)
              .merge(id, 1, Integer::sum);
        }
        iterator = page.nextShardIterator();
      }
    }
    Map<String, Integer> present = new HashMap<>();
    ddb.scanPaginator(r -> r.tableName(TABLE))
        .items()
        .forEach(
            item ->
                present.put(
                    item.get("id").s(),
                    item.containsKey("n") ? Integer.parseInt(item.get("n").n()) : 0));
    assertThat(inserts.keySet()).isEqualTo(present.keySet());
    assertThat(inserts.values()).containsOnly(1);
    present.forEach(
        (id, n) ->
            assertThat(modifies.getOrDefault(id, 0)).as("MODIFY records of %s", id).isEqualTo(n));
  }

  private static GetItemResponse get(DynamoDbClient ddb, String id) {
    return ddb.getItem(
        r -> r.tableName(TABLE).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true));
  }

  /** Writes until the first failure (the crash). */
  private static void write(DynamoDbClient ddb, int thread, Writer writer) {
    for (int seq = 0; ; seq++) {
      int s = seq;
      writer.unackedPut = s;
      try {
        ddb.putItem(
            r ->
                r.tableName(TABLE)
                    .item(
                        Map.of(
                            "id", AttributeValue.fromS("t" + thread + "-" + s),
                            "v", AttributeValue.fromN(Integer.toString(s * 7 + thread)))));
      } catch (RuntimeException e) {
        return;
      }
      writer.unackedPut = null;
      writer.ackedPuts.add(s);
      int expected = writer.ackedIncrements;
      writer.unackedIncrement = true;
      try {
        ddb.updateItem(
            r ->
                r.tableName(TABLE)
                    .key(Map.of("id", AttributeValue.fromS("c" + thread)))
                    .updateExpression("SET n = n + :one")
                    .conditionExpression("n = :expected")
                    .expressionAttributeValues(
                        Map.of(
                            ":one", AttributeValue.fromN("1"),
                            ":expected", AttributeValue.fromN(Integer.toString(expected)))));
      } catch (RuntimeException e) {
        return;
      }
      writer.ackedIncrements = expected + 1;
      writer.unackedIncrement = false;
    }
  }

  private static DynamoDbClient client(String endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .httpClient(
            ApacheHttpClient.builder()
                .maxConnections(THREADS * 2)
                .socketTimeout(Duration.ofSeconds(10))
                .build())
        .build();
  }

  private static Child start(Path jar, Path dataDir) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-jar",
                jar.toString(),
                "--port",
                "0",
                "--data-dir",
                dataDir.toString(),
                "--quiet")
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    List<String> output = new ArrayList<>();
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
                ready.completeExceptionally(new IOException("basin exited: " + output));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return new Child(process, ready.get(60, TimeUnit.SECONDS));
  }
}
