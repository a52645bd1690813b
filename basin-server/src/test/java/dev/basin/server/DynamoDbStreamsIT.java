package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB Streams with the SDK v2 streams client: stream records of every kind of write. */
class DynamoDbStreamsIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;
  static DynamoDbStreamsClient streams;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start("--test-clock");
    ddb = basin.client(DynamoDbClient.builder());
    streams = basin.client(DynamoDbStreamsClient.builder());
  }

  @AfterAll
  static void stop() throws Exception {
    streams.close();
    ddb.close();
    basin.close();
  }

  static TableDescription createTable(String name, StreamViewType viewType) {
    return ddb.createTable(
            r ->
                r.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(DynamoDbIndexesIT.hash("id"))
                    .attributeDefinitions(DynamoDbIndexesIT.attr("id", ScalarAttributeType.S))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType)))
        .tableDescription();
  }

  static Map<String, AttributeValue> item(String id, String value) {
    return Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(value));
  }

  static String shardId(String arn) {
    return streams
        .describeStream(r -> r.streamArn(arn))
        .streamDescription()
        .shards()
        .get(0)
        .shardId();
  }

  static String iterator(String arn, ShardIteratorType type, String sequenceNumber) {
    return streams
        .getShardIterator(
            r ->
                r.streamArn(arn)
                    .shardId(shardId(arn))
                    .shardIteratorType(type)
                    .sequenceNumber(sequenceNumber))
        .shardIterator();
  }

  /** Every record from TRIM_HORIZON, following NextShardIterator until a read returns none. */
  static List<Record> allRecords(String arn) {
    List<Record> all = new ArrayList<>();
    String iterator = iterator(arn, ShardIteratorType.TRIM_HORIZON, null);
    while (iterator != null) {
      String current = iterator;
      GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(current));
      all.addAll(page.records());
      if (page.records().isEmpty()) {
        break;
      }
      iterator = page.nextShardIterator();
    }
    return all;
  }

  static void advance(String query) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(basin.endpoint().resolve("/_basin/clock/advance?" + query))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void tableDescribesItsStreamAndEveryChangeIsOneRecordInOrder() {
    TableDescription created = createTable("Orders", StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(created.streamSpecification().streamEnabled()).isTrue();
    assertThat(created.latestStreamArn())
        .matches(
            "arn:aws:dynamodb:us-east-1:\\d{12}:table/Orders/stream/"
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}")
        .endsWith("/stream/" + created.latestStreamLabel());
    TableDescription described = ddb.describeTable(r -> r.tableName("Orders")).table();
    assertThat(described.streamSpecification().streamViewType())
        .isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(described.latestStreamArn()).isEqualTo(created.latestStreamArn());
    String arn = created.latestStreamArn();

    ddb.putItem(r -> r.tableName("Orders").item(item("a", "1"))); // INSERT
    ddb.putItem(r -> r.tableName("Orders").item(item("a", "1"))); // unchanged: no record
    ddb.updateItem(
        r ->
            r.tableName("Orders")
                .key(Map.of("id", AttributeValue.fromS("a")))
                .updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("2")))); // MODIFY
    ddb.deleteItem(r -> r.tableName("Orders").key(Map.of("id", AttributeValue.fromS("a"))));
    ddb.deleteItem(r -> r.tableName("Orders").key(Map.of("id", AttributeValue.fromS("none"))));

    List<Record> records = allRecords(arn);
    assertThat(records)
        .extracting(Record::eventName)
        .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
    Record insert = records.get(0);
    assertThat(insert.eventVersion()).isEqualTo("1.1");
    assertThat(insert.eventSource()).isEqualTo("aws:dynamodb");
    assertThat(insert.awsRegion()).isEqualTo("us-east-1");
    assertThat(insert.eventID()).isNotBlank();
    assertThat(insert.userIdentity()).isNull();
    assertThat(insert.dynamodb().keys()).isEqualTo(Map.of("id", AttributeValue.fromS("a")));
    assertThat(insert.dynamodb().newImage()).isEqualTo(item("a", "1"));
    assertThat(insert.dynamodb().oldImage()).isEmpty();
    assertThat(insert.dynamodb().sizeBytes()).isPositive();
    assertThat(insert.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(insert.dynamodb().approximateCreationDateTime())
        .isBetween(
            basin.testClock().now().minusSeconds(60), basin.testClock().now().plusSeconds(1));
    Record modify = records.get(1);
    assertThat(modify.dynamodb().oldImage()).isEqualTo(item("a", "1"));
    assertThat(modify.dynamodb().newImage()).isEqualTo(item("a", "2"));
    Record remove = records.get(2);
    assertThat(remove.dynamodb().oldImage()).isEqualTo(item("a", "2"));
    assertThat(remove.dynamodb().newImage()).isEmpty();

    List<BigInteger> sequence =
        records.stream().map(r -> new BigInteger(r.dynamodb().sequenceNumber())).toList();
    assertThat(sequence).isSorted().doesNotHaveDuplicates();
    assertThat(records).extracting(Record::eventID).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(
      value = StreamViewType.class,
      names = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
  void eachViewTypeCarriesItsImages(StreamViewType viewType) {
    String table = "View_" + viewType;
    String arn = createTable(table, viewType).latestStreamArn();
    ddb.putItem(r -> r.tableName(table).item(item("k", "old")));
    ddb.putItem(r -> r.tableName(table).item(item("k", "new")));
    ddb.deleteItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("k"))));
    List<Record> records = allRecords(arn);
    assertThat(records)
        .extracting(Record::eventName)
        .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
    boolean news =
        viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
    boolean olds =
        viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
    for (Record record : records) {
      assertThat(record.dynamodb().streamViewType()).isEqualTo(viewType);
      assertThat(record.dynamodb().keys()).isEqualTo(Map.of("id", AttributeValue.fromS("k")));
    }
    assertThat(records.get(0).dynamodb().newImage()).isEqualTo(news ? item("k", "old") : Map.of());
    assertThat(records.get(0).dynamodb().oldImage()).isEmpty();
    assertThat(records.get(1).dynamodb().newImage()).isEqualTo(news ? item("k", "new") : Map.of());
    assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(olds ? item("k", "old") : Map.of());
    assertThat(records.get(2).dynamodb().newImage()).isEmpty();
    assertThat(records.get(2).dynamodb().oldImage()).isEqualTo(olds ? item("k", "new") : Map.of());
  }

  @Test
  void batchWritesTransactionsAndPartiQlWriteRecordsToo() {
    String arn = createTable("Batched", StreamViewType.NEW_IMAGE).latestStreamArn();
    ddb.batchWriteItem(
        r ->
            r.requestItems(
                Map.of(
                    "Batched",
                    List.of(
                        WriteRequest.builder().putRequest(p -> p.item(item("b1", "x"))).build(),
                        WriteRequest.builder().putRequest(p -> p.item(item("b2", "x"))).build()))));
    ddb.transactWriteItems(
        r ->
            r.transactItems(
                TransactWriteItem.builder()
                    .put(Put.builder().tableName("Batched").item(item("t1", "y")).build())
                    .build(),
                TransactWriteItem.builder()
                    .delete(
                        d -> d.tableName("Batched").key(Map.of("id", AttributeValue.fromS("b1"))))
                    .build()));
    ddb.executeStatement(r -> r.statement("UPDATE \"Batched\" SET v = 'z' WHERE id = 'b2'"));
    List<Record> records = allRecords(arn);
    assertThat(records)
        .extracting(r -> r.eventName() + " " + r.dynamodb().keys().get("id").s())
        .containsExactly("INSERT b1", "INSERT b2", "INSERT t1", "REMOVE b1", "MODIFY b2");
  }

  @Test
  void iteratorTypesAndLimitsPositionTheReads() {
    String arn = createTable("Iterators", StreamViewType.KEYS_ONLY).latestStreamArn();
    for (int i = 0; i < 5; i++) {
      String id = "i" + i;
      ddb.putItem(r -> r.tableName("Iterators").item(item(id, "v")));
    }
    List<Record> all = allRecords(arn);
    assertThat(all).hasSize(5);
    String second = all.get(1).dynamodb().sequenceNumber();

    GetRecordsResponse at =
        streams.getRecords(
            r -> r.shardIterator(iterator(arn, ShardIteratorType.AT_SEQUENCE_NUMBER, second)));
    assertThat(at.records())
        .extracting(r -> r.dynamodb().keys().get("id").s())
        .containsExactly("i1", "i2", "i3", "i4");
    GetRecordsResponse after =
        streams.getRecords(
            r ->
                r.shardIterator(iterator(arn, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second))
                    .limit(2));
    assertThat(after.records())
        .extracting(r -> r.dynamodb().keys().get("id").s())
        .containsExactly("i2", "i3");
    GetRecordsResponse rest = streams.getRecords(r -> r.shardIterator(after.nextShardIterator()));
    assertThat(rest.records())
        .extracting(r -> r.dynamodb().keys().get("id").s())
        .containsExactly("i4");

    String latest = iterator(arn, ShardIteratorType.LATEST, null);
    assertThat(streams.getRecords(r -> r.shardIterator(latest)).records()).isEmpty();
    ddb.putItem(r -> r.tableName("Iterators").item(item("i5", "v")));
    GetRecordsResponse fromLatest = streams.getRecords(r -> r.shardIterator(latest));
    assertThat(fromLatest.records())
        .extracting(r -> r.dynamodb().keys().get("id").s())
        .containsExactly("i5");
    assertThat(fromLatest.nextShardIterator()).isNotNull();

    assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(latest).limit(1001)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Member must have value less than or equal to 1000");
    assertThatThrownBy(() -> iterator(arn, ShardIteratorType.AT_SEQUENCE_NUMBER, null))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("SequenceNumber");
    assertThatThrownBy(
            () ->
                streams.getShardIterator(
                    r ->
                        r.streamArn(arn)
                            .shardId("shardId-00000000000000000000-00000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void streamSpecificationIsValidatedAsDynamoDbDoes() {
    DynamoDbTablesIT.createHashTable(ddb, "Plain");
    assertThat(ddb.describeTable(r -> r.tableName("Plain")).table().latestStreamArn()).isNull();
    assertThatThrownBy(
            () ->
                ddb.updateTable(
                    r -> r.tableName("Plain").streamSpecification(s -> s.streamEnabled(true))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("If stream is being enabled then UpdateViewType is required");
    assertThatThrownBy(
            () ->
                ddb.updateTable(
                    r -> r.tableName("Plain").streamSpecification(s -> s.streamEnabled(false))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Table has no stream to disable: TableName: Plain");
    assertThatThrownBy(
            () ->
                ddb.createTable(
                    r ->
                        r.tableName("Bad")
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .keySchema(DynamoDbIndexesIT.hash("id"))
                            .attributeDefinitions(
                                DynamoDbIndexesIT.attr("id", ScalarAttributeType.S))
                            .streamSpecification(s -> s.streamEnabled(true))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Table is being created with a stream enabled");
    assertThat(ddb.listTables().tableNames()).doesNotContain("Bad");

    TableDescription enabled =
        ddb.updateTable(
                r ->
                    r.tableName("Plain")
                        .streamSpecification(
                            s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
            .tableDescription();
    assertThat(enabled.latestStreamArn()).contains(":table/Plain/stream/");
    assertThatThrownBy(
            () ->
                ddb.updateTable(
                    r ->
                        r.tableName("Plain")
                            .streamSpecification(
                                s ->
                                    s.streamEnabled(true)
                                        .streamViewType(StreamViewType.KEYS_ONLY))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Table already has an enabled stream: TableName: Plain");
  }

  @Test
  void disabledStreamStaysReadableClosedAndANewStreamGetsANewArn() {
    String first = createTable("Cycle", StreamViewType.KEYS_ONLY).latestStreamArn();
    ddb.putItem(r -> r.tableName("Cycle").item(item("c1", "v")));
    TableDescription disabled =
        ddb.updateTable(r -> r.tableName("Cycle").streamSpecification(s -> s.streamEnabled(false)))
            .tableDescription();
    assertThat(disabled.latestStreamArn()).isEqualTo(first);
    ddb.putItem(r -> r.tableName("Cycle").item(item("c2", "v"))); // no stream: no record

    var description = streams.describeStream(r -> r.streamArn(first)).streamDescription();
    assertThat(description.streamStatus()).isEqualTo(StreamStatus.DISABLED);
    assertThat(description.tableName()).isEqualTo("Cycle");
    assertThat(description.keySchema()).hasSize(1);
    assertThat(description.shards().get(0).sequenceNumberRange().endingSequenceNumber())
        .isNotNull();
    GetRecordsResponse page =
        streams.getRecords(
            r -> r.shardIterator(iterator(first, ShardIteratorType.TRIM_HORIZON, null)));
    assertThat(page.records())
        .extracting(r -> r.dynamodb().keys().get("id").s())
        .containsExactly("c1");
    assertThat(page.nextShardIterator()).isNull(); // the shard is closed and read to its end

    String second =
        ddb.updateTable(
                r ->
                    r.tableName("Cycle")
                        .streamSpecification(
                            s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)))
            .tableDescription()
            .latestStreamArn();
    assertThat(second).isNotEqualTo(first);
    assertThat(streams.describeStream(r -> r.streamArn(second)).streamDescription().streamStatus())
        .isEqualTo(StreamStatus.ENABLED);
    assertThat(streams.listStreams(r -> r.tableName("Cycle")).streams())
        .extracting(s -> s.streamArn())
        .containsExactly(first, second);
    var onePage = streams.listStreams(r -> r.tableName("Cycle").limit(1));
    assertThat(onePage.streams()).extracting(s -> s.streamArn()).containsExactly(first);
    assertThat(onePage.lastEvaluatedStreamArn()).isEqualTo(first);
    assertThat(
            streams.listStreams(r -> r.tableName("Cycle").exclusiveStartStreamArn(first)).streams())
        .extracting(s -> s.streamArn())
        .containsExactly(second);
  }

  /** Each clock test runs on its own Basin so its clock moves do not reach the other tests. */
  @Test
  void iteratorsExpireAfterFifteenMinutesAndRecordsAreTrimmedAfterADay() throws Exception {
    RunningBasin shared = basin;
    basin = RunningBasin.start("--test-clock");
    DynamoDbClient sharedDdb = ddb;
    DynamoDbStreamsClient sharedStreams = streams;
    ddb = basin.client(DynamoDbClient.builder());
    streams = basin.client(DynamoDbStreamsClient.builder());
    try {
      String arn = createTable("Aging", StreamViewType.KEYS_ONLY).latestStreamArn();
      ddb.putItem(r -> r.tableName("Aging").item(item("old", "v")));
      String early = iterator(arn, ShardIteratorType.TRIM_HORIZON, null);
      advance("seconds=" + (14 * 60));
      assertThat(streams.getRecords(r -> r.shardIterator(early)).records()).hasSize(1);
      advance("seconds=120");
      assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(early)))
          .isInstanceOf(ExpiredIteratorException.class);

      ddb.updateTable(r -> r.tableName("Aging").streamSpecification(s -> s.streamEnabled(false)));
      String second =
          ddb.updateTable(
                  r ->
                      r.tableName("Aging")
                          .streamSpecification(
                              s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
              .tableDescription()
              .latestStreamArn();
      advance("hours=12");
      ddb.putItem(r -> r.tableName("Aging").item(item("new", "v")));
      advance("hours=13");

      // the first stream was disabled 25 hours ago: gone
      assertThatThrownBy(() -> streams.describeStream(r -> r.streamArn(arn)))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThat(streams.listStreams(r -> r.tableName("Aging")).streams())
          .extracting(s -> s.streamArn())
          .containsExactly(second);
      // the second stream keeps its 13-hour-old record
      assertThat(allRecords(second))
          .extracting(r -> r.dynamodb().keys().get("id").s())
          .containsExactly("new");

      String newSequence = allRecords(second).get(0).dynamodb().sequenceNumber();
      String beforeTrim = iterator(second, ShardIteratorType.TRIM_HORIZON, null);
      advance("seconds=600");
      advance("hours=11");
      assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(beforeTrim)))
          .isInstanceOf(ExpiredIteratorException.class);
      assertThatThrownBy(() -> iterator(second, ShardIteratorType.AT_SEQUENCE_NUMBER, newSequence))
          .isInstanceOf(TrimmedDataAccessException.class);
      assertThat(allRecords(second)).isEmpty();
    } finally {
      streams.close();
      ddb.close();
      basin.close();
      basin = shared;
      ddb = sharedDdb;
      streams = sharedStreams;
    }
  }

  @Test
  void ttlDeletionsAreRemoveRecordsMadeByTheService() throws Exception {
    String arn = createTable("Expiring", StreamViewType.OLD_IMAGE).latestStreamArn();
    ddb.updateTimeToLive(
        r ->
            r.tableName("Expiring")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("exp")));
    long past = basin.testClock().now().getEpochSecond() - 10;
    ddb.putItem(
        r ->
            r.tableName("Expiring")
                .item(
                    Map.of(
                        "id", AttributeValue.fromS("e"),
                        "exp", AttributeValue.fromN(Long.toString(past)))));
    basin.testClock().advance(Duration.ofSeconds(1));
    List<Record> records = allRecords(arn);
    assertThat(records)
        .extracting(Record::eventName)
        .containsExactly(OperationType.INSERT, OperationType.REMOVE);
    Record removal = records.get(1);
    assertThat(removal.userIdentity().type()).isEqualTo("Service");
    assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
    assertThat(removal.dynamodb().oldImage()).containsKey("exp");
    assertThat(records.get(0).userIdentity()).isNull();
  }

  @Test
  void deletingTheTableDisablesItsStream() {
    String arn = createTable("Doomed", StreamViewType.KEYS_ONLY).latestStreamArn();
    ddb.putItem(r -> r.tableName("Doomed").item(item("d", "v")));
    ddb.deleteTable(r -> r.tableName("Doomed"));
    assertThat(streams.describeStream(r -> r.streamArn(arn)).streamDescription().streamStatus())
        .isEqualTo(StreamStatus.DISABLED);
    assertThat(allRecords(arn)).hasSize(1);
  }
}
