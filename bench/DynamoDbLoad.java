import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sts.StsAsyncClient;

/**
 * DynamoDB load generator for bench/dynamodb.sh: closed loops of N outstanding requests through
 * the SDK v2 async client (netty), each phase warmed up and then measured; prints one BENCH line per
 * phase. Usage: java -cp CLASSPATH bench/DynamoDbLoad.java ENDPOINT [seconds-per-phase]
 */
public final class DynamoDbLoad {
  private static final int KEYS = 10_000;
  private static final String PAYLOAD = "x".repeat(1000);

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    SdkAsyncHttpClient http =
        NettyNioAsyncHttpClient.builder().maxConcurrency(128).maxPendingConnectionAcquires(10_000).build();
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    DynamoDbAsyncClient ddb =
        DynamoDbAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(http)
            .build();
    StsAsyncClient sts =
        StsAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(http)
            .build();
    setUp(ddb);

    for (int concurrency : new int[] {8, 32}) {
      phase("sts_get_caller_identity", concurrency, seconds, () -> sts.getCallerIdentity(r -> {}));
      phase(
          "put_item_1kb",
          concurrency,
          seconds,
          () ->
              ddb.putItem(
                  r ->
                      r.tableName("BenchItems")
                          .item(
                              Map.of(
                                  "id", AttributeValue.fromS("k" + ThreadLocalRandom.current().nextInt(KEYS)),
                                  "data", AttributeValue.fromS(PAYLOAD)))));
      phase(
          "get_item_1kb",
          concurrency,
          seconds,
          () ->
              ddb.getItem(
                  r ->
                      r.tableName("BenchItems")
                          .key(
                              Map.of(
                                  "id",
                                  AttributeValue.fromS(
                                      "k" + ThreadLocalRandom.current().nextInt(KEYS))))));
      phase(
          "query_100_of_1000",
          concurrency,
          seconds,
          () ->
              ddb.query(
                  r ->
                      r.tableName("BenchQuery")
                          .keyConditionExpression("pk = :p AND sk >= :from")
                          .expressionAttributeValues(
                              Map.of(
                                  ":p", AttributeValue.fromS("p"),
                                  ":from",
                                      AttributeValue.fromN(
                                          Integer.toString(
                                              ThreadLocalRandom.current().nextInt(900)))))
                          .limit(100)));
    }
    ddb.close();
    sts.close();
    http.close();
  }

  /** Waits for a CreateTable; a table left by an earlier generator in the same run is fine. */
  private static void createIfAbsent(CompletableFuture<?> creation) throws Exception {
    try {
      creation.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof ResourceInUseException)) {
        throw e;
      }
    }
  }

  /** Two tables; every GetItem key present; one partition of 1,000 items of about 100 bytes. */
  private static void setUp(DynamoDbAsyncClient ddb) throws Exception {
    createIfAbsent(ddb.createTable(
            r ->
                r.tableName("BenchItems")
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                    .attributeDefinitions(
                        AttributeDefinition.builder()
                            .attributeName("id")
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)));
    createIfAbsent(ddb.createTable(
            r ->
                r.tableName("BenchQuery")
                    .keySchema(
                        KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                    .attributeDefinitions(
                        AttributeDefinition.builder()
                            .attributeName("pk")
                            .attributeType(ScalarAttributeType.S)
                            .build(),
                        AttributeDefinition.builder()
                            .attributeName("sk")
                            .attributeType(ScalarAttributeType.N)
                            .build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)));
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int start = 0; start < KEYS; start += 25) {
      List<WriteRequest> batch = new ArrayList<>();
      for (int i = start; i < start + 25; i++) {
        batch.add(
            WriteRequest.builder()
                .putRequest(
                    PutRequest.builder()
                        .item(
                            Map.of(
                                "id", AttributeValue.fromS("k" + i),
                                "data", AttributeValue.fromS(PAYLOAD)))
                        .build())
                .build());
      }
      pending.add(ddb.batchWriteItem(r -> r.requestItems(Map.of("BenchItems", batch))));
      if (pending.size() == 16) {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        pending.clear();
      }
    }
    for (int start = 0; start < 1000; start += 25) {
      List<WriteRequest> batch = new ArrayList<>();
      for (int i = start; i < start + 25; i++) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("p"));
        item.put("sk", AttributeValue.fromN(Integer.toString(i)));
        item.put("data", AttributeValue.fromS("y".repeat(80)));
        batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
      }
      pending.add(ddb.batchWriteItem(r -> r.requestItems(Map.of("BenchQuery", batch))));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
  }

  /** One closed-loop slot: issues the next request when the previous completes. */
  private static final class Slot {
    long[] latencies = new long[1 << 16];
    int count;

    void record(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }
  }

  private static void phase(
      String name, int concurrency, int seconds, Supplier<CompletableFuture<?>> request)
      throws Exception {
    run(concurrency, Math.max(2, seconds / 3), request); // warm-up
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    Slot[] slots = run(concurrency, seconds, request, errors);
    double elapsed = (System.nanoTime() - start) / 1e9;
    int total = 0;
    for (Slot slot : slots) {
      total += slot.count;
    }
    long[] all = new long[total];
    int at = 0;
    for (Slot slot : slots) {
      System.arraycopy(slot.latencies, 0, all, at, slot.count);
      at += slot.count;
    }
    Arrays.sort(all);
    System.out.printf(
        "BENCH op=%s conc=%d ops_per_s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d%n",
        name,
        concurrency,
        total / elapsed,
        percentile(all, 0.50),
        percentile(all, 0.99),
        errors.get());
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
  }

  private static Slot[] run(int concurrency, int seconds, Supplier<CompletableFuture<?>> request)
      throws Exception {
    return run(concurrency, seconds, request, new AtomicLong());
  }

  private static Slot[] run(
      int concurrency, int seconds, Supplier<CompletableFuture<?>> request, AtomicLong errors)
      throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    Slot[] slots = new Slot[concurrency];
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int i = 0; i < concurrency; i++) {
      Slot slot = new Slot();
      slots[i] = slot;
      next(slot, request, deadline, errors, done);
    }
    done.await();
    return slots;
  }

  private static void next(
      Slot slot,
      Supplier<CompletableFuture<?>> request,
      long deadline,
      AtomicLong errors,
      CountDownLatch done) {
    long sent = System.nanoTime();
    if (sent >= deadline) {
      done.countDown();
      return;
    }
    request
        .get()
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                errors.incrementAndGet();
              } else {
                slot.record(System.nanoTime() - sent);
              }
              next(slot, request, deadline, errors, done);
            });
  }
}
