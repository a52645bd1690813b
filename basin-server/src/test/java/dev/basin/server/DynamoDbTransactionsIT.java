package dev.basin.server;

import static dev.basin.server.DynamoDbTablesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** DynamoDB transactions through the SDK against a running Basin. */
class DynamoDbTransactionsIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
    DynamoDbTablesIT.createHashTable(ddb, "Accounts");
    DynamoDbTablesIT.createHashTable(ddb, "Audit");
  }

  @AfterAll
  static void stop() throws Exception {
    ddb.close();
    basin.close();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  static long balance(String id) {
    var item = ddb.getItem(r -> r.tableName("Accounts").key(key(id)).consistentRead(true)).item();
    return item.isEmpty() ? -1 : Long.parseLong(item.get("balance").n());
  }

  static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
  }

  /** Moves {@code amount} from one account to another if the source has enough. */
  static TransactWriteItem[] transfer(String from, String to, long amount) {
    return new TransactWriteItem[] {
      TransactWriteItem.builder()
          .update(
              u ->
                  u.tableName("Accounts")
                      .key(key(from))
                      .updateExpression("SET balance = balance - :a")
                      .conditionExpression("balance >= :a")
                      .expressionAttributeValues(Map.of(":a", n(amount))))
          .build(),
      TransactWriteItem.builder()
          .update(
              u ->
                  u.tableName("Accounts")
                      .key(key(to))
                      .updateExpression("SET balance = balance + :a")
                      .conditionExpression("attribute_exists(id)")
                      .expressionAttributeValues(Map.of(":a", n(amount))))
          .build()
    };
  }

  @Test
  void allActionsApplyOrNoneWithReasonsInOrder() {
    ddb.transactWriteItems(
        r ->
            r.transactItems(
                put("Accounts", Map.of("id", s("alice"), "balance", n(100))),
                put("Accounts", Map.of("id", s("bob"), "balance", n(5))),
                put("Audit", Map.of("id", s("t0"), "note", s("opened")))));
    assertThat(balance("alice")).isEqualTo(100);
    assertThat(ddb.getItem(r -> r.tableName("Audit").key(key("t0"))).item()).containsKey("note");

    // bob lacks funds: the transfer and the audit put and delete must not happen
    assertThatThrownBy(
            () ->
                ddb.transactWriteItems(
                    r ->
                        r.transactItems(
                            put("Audit", Map.of("id", s("t1"))),
                            TransactWriteItem.builder()
                                .update(
                                    u ->
                                        u.tableName("Accounts")
                                            .key(key("bob"))
                                            .updateExpression("SET balance = balance - :a")
                                            .conditionExpression("balance >= :a")
                                            .expressionAttributeValues(Map.of(":a", n(50)))
                                            .returnValuesOnConditionCheckFailure(
                                                ReturnValuesOnConditionCheckFailure.ALL_OLD))
                                .build(),
                            TransactWriteItem.builder()
                                .delete(d -> d.tableName("Audit").key(key("t0")))
                                .build(),
                            TransactWriteItem.builder()
                                .conditionCheck(
                                    c ->
                                        c.tableName("Accounts")
                                            .key(key("carol"))
                                            .conditionExpression("attribute_exists(id)"))
                                .build())))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "Transaction cancelled, please refer cancellation reasons for specific"
                          + " reasons [None, ConditionalCheckFailed, None, ConditionalCheckFailed]");
              List<CancellationReason> reasons = e.cancellationReasons();
              assertThat(reasons)
                  .extracting(CancellationReason::code)
                  .containsExactly(
                      "None", "ConditionalCheckFailed", "None", "ConditionalCheckFailed");
              assertThat(reasons.get(1).message()).isEqualTo("The conditional request failed");
              assertThat(reasons.get(1).item()).containsEntry("balance", n(5));
              assertThat(reasons.get(3).hasItem()).isFalse();
            });
    assertThat(balance("bob")).isEqualTo(5);
    assertThat(ddb.getItem(r -> r.tableName("Audit").key(key("t1"))).hasItem()).isFalse();
    assertThat(ddb.getItem(r -> r.tableName("Audit").key(key("t0"))).hasItem()).isTrue();

    var got =
        ddb.transactGetItems(
            r ->
                r.transactItems(
                    TransactGetItem.builder()
                        .get(g -> g.tableName("Accounts").key(key("alice")))
                        .build(),
                    TransactGetItem.builder()
                        .get(g -> g.tableName("Accounts").key(key("nobody")))
                        .build(),
                    TransactGetItem.builder()
                        .get(g -> g.tableName("Audit").key(key("t0")).projectionExpression("note"))
                        .build()));
    assertThat(got.responses()).hasSize(3);
    assertThat(got.responses().get(0).item()).containsEntry("balance", n(100));
    assertThat(got.responses().get(1).hasItem()).isFalse();
    assertThat(got.responses().get(2).item()).containsOnlyKeys("note");
  }

  @Test
  void oneItemTwiceIsRejected() {
    assertError(
        () ->
            ddb.transactWriteItems(
                r ->
                    r.transactItems(
                        put("Audit", Map.of("id", s("dup"))),
                        TransactWriteItem.builder()
                            .delete(d -> d.tableName("Audit").key(key("dup")))
                            .build())),
        "ValidationException",
        "Transaction request cannot include multiple operations on one item");
    assertThat(ddb.getItem(r -> r.tableName("Audit").key(key("dup"))).hasItem()).isFalse();
  }

  @Test
  void clientRequestTokenMakesRetriesIdempotent() {
    ddb.putItem(r -> r.tableName("Accounts").item(Map.of("id", s("tok"), "balance", n(0))));
    TransactWriteItemsRequest increment =
        TransactWriteItemsRequest.builder()
            .clientRequestToken("token-1")
            .transactItems(
                TransactWriteItem.builder()
                    .update(
                        u ->
                            u.tableName("Accounts")
                                .key(key("tok"))
                                .updateExpression("ADD balance :one")
                                .expressionAttributeValues(Map.of(":one", n(1))))
                    .build())
            .build();
    ddb.transactWriteItems(increment);
    ddb.transactWriteItems(increment);
    assertThat(balance("tok")).isEqualTo(1);
    assertThatThrownBy(
            () ->
                ddb.transactWriteItems(
                    increment.toBuilder()
                        .transactItems(put("Accounts", Map.of("id", s("tok"), "balance", n(9))))
                        .build()))
        .isInstanceOfSatisfying(
            software.amazon.awssdk.awscore.exception.AwsServiceException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("IdempotentParameterMismatchException"));
    assertThat(balance("tok")).isEqualTo(1);
    ddb.transactWriteItems(increment.toBuilder().clientRequestToken("token-2").build());
    assertThat(balance("tok")).isEqualTo(2);
  }

  @Test
  void concurrentTransfersKeepTheTotalAndReportEveryCancellation() throws Exception {
    int accounts = 6;
    long initial = 50;
    for (int i = 0; i < accounts; i++) {
      int k = i;
      ddb.putItem(
          r -> r.tableName("Accounts").item(Map.of("id", s("acc" + k), "balance", n(initial))));
    }
    int threads = 8;
    int perThread = 60;
    AtomicInteger committed = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = t;
      futures.add(
          pool.submit(
              () -> {
                Random random = new Random(seed);
                for (int i = 0; i < perThread; i++) {
                  int from = random.nextInt(accounts);
                  int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                  long amount = 1 + random.nextInt(40);
                  try {
                    ddb.transactWriteItems(
                        r -> r.transactItems(transfer("acc" + from, "acc" + to, amount)));
                    committed.incrementAndGet();
                  } catch (TransactionCanceledException e) {
                    assertThat(e.cancellationReasons())
                        .extracting(CancellationReason::code)
                        .containsExactly("ConditionalCheckFailed", "None");
                    cancelled.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(committed.get() + cancelled.get()).isEqualTo(threads * perThread);
    assertThat(committed.get()).isPositive();
    long total = 0;
    for (int i = 0; i < accounts; i++) {
      long b = balance("acc" + i);
      assertThat(b).isNotNegative();
      total += b;
    }
    assertThat(total).isEqualTo(accounts * initial);
    assertThat(BigDecimal.valueOf(total)).isEqualTo(BigDecimal.valueOf(300));
  }
}
