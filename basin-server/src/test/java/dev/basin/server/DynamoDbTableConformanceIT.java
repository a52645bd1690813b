package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.Endpoint;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Table-level behaviours that DynamoDB's public conformance tests check (CreateTable, DeleteTable,
 * UpdateTable with index updates, tags, time to live, DescribeEndpoints), through the AWS SDK
 * against a running Basin.
 */
class DynamoDbTableConformanceIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
  }

  @AfterAll
  static void stop() throws Exception {
    ddb.close();
    basin.close();
  }

  static void assertError(Runnable call, String code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            });
  }

  static KeySchemaElement hash(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  static KeySchemaElement range(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }

  static AttributeDefinition attr(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  static String createTable(String name, CreateTableRequest.Builder extra) {
    ddb.createTable(
        extra
            .tableName(name)
            .keySchema(hash("p"), range("c"))
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .build());
    return name;
  }

  static String simpleTable(String name) {
    return createTable(
        name, CreateTableRequest.builder().attributeDefinitions(attr("p"), attr("c")));
  }

  static String arn(String table) {
    return ddb.describeTable(r -> r.tableName(table)).table().tableArn();
  }

  @Test
  void tableClassIsReportedWhenGivenAndChangedByUpdateTable() {
    String plain = simpleTable("ClassDefault");
    assertThat(ddb.describeTable(r -> r.tableName(plain)).table().tableClassSummary()).isNull();

    String infrequent =
        createTable(
            "ClassIa",
            CreateTableRequest.builder()
                .attributeDefinitions(attr("p"), attr("c"))
                .tableClass("STANDARD_INFREQUENT_ACCESS"));
    var summary = ddb.describeTable(r -> r.tableName(infrequent)).table().tableClassSummary();
    assertThat(summary.tableClassAsString()).isEqualTo("STANDARD_INFREQUENT_ACCESS");
    assertThat(summary.lastUpdateDateTime()).isNull();

    ddb.updateTable(r -> r.tableName(infrequent).tableClass("STANDARD"));
    summary = ddb.describeTable(r -> r.tableName(infrequent)).table().tableClassSummary();
    assertThat(summary.tableClassAsString()).isEqualTo("STANDARD");
    assertThat(summary.lastUpdateDateTime()).isNotNull();

    String message =
        "Invalid table-class parameter provided. Please try again with a valid table-class value:"
            + " [STANDARD, STANDARD_INFREQUENT_ACCESS].";
    assertError(
        () -> ddb.updateTable(r -> r.tableName(infrequent).tableClass("standard")),
        "ValidationException",
        message);
    assertError(
        () ->
            createTable(
                "ClassBad",
                CreateTableRequest.builder()
                    .attributeDefinitions(attr("p"), attr("c"))
                    .tableClass("junk")),
        "ValidationException",
        message);
    assertThat(ddb.listTables().tableNames()).doesNotContain("ClassBad");
  }

  @Test
  void deleteTableAnswersTheTableWithoutItsSchema() {
    createTable(
        "Doomed",
        CreateTableRequest.builder()
            .attributeDefinitions(attr("p"), attr("c"), attr("x"))
            .globalSecondaryIndexes(
                g ->
                    g.indexName("byX")
                        .keySchema(hash("x"))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
            .localSecondaryIndexes(
                l ->
                    l.indexName("localX")
                        .keySchema(hash("p"), range("x"))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
    TableDescription described = ddb.describeTable(r -> r.tableName("Doomed")).table();
    assertThat(described.hasKeySchema()).isTrue();
    assertThat(described.hasGlobalSecondaryIndexes()).isTrue();

    TableDescription deleted = ddb.deleteTable(r -> r.tableName("Doomed")).tableDescription();
    assertThat(deleted.tableName()).isEqualTo("Doomed");
    assertThat(deleted.tableStatus()).isEqualTo(TableStatus.DELETING);
    assertThat(deleted.tableId()).isEqualTo(described.tableId());
    assertThat(deleted.tableArn()).isEqualTo(described.tableArn());
    assertThat(deleted.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(deleted.billingModeSummary().lastUpdateToPayPerRequestDateTime()).isNotNull();
    assertThat(deleted.provisionedThroughput().numberOfDecreasesToday()).isZero();
    assertThat(deleted.itemCount()).isZero();
    assertThat(deleted.creationDateTime()).isNull();
    assertThat(deleted.hasKeySchema()).isFalse();
    assertThat(deleted.hasAttributeDefinitions()).isFalse();
    assertThat(deleted.hasGlobalSecondaryIndexes()).isFalse();
    assertThat(deleted.hasLocalSecondaryIndexes()).isFalse();
  }

  @Test
  void anOnDemandTableWasSwitchedToOnDemandWhenCreated() {
    simpleTable("OnDemand");
    TableDescription table = ddb.describeTable(r -> r.tableName("OnDemand")).table();
    assertThat(table.billingModeSummary().lastUpdateToPayPerRequestDateTime())
        .isEqualTo(table.creationDateTime());
  }

  @Test
  void describeEndpointsAnswersTheAddressTheClientReached() {
    List<Endpoint> endpoints = ddb.describeEndpoints().endpoints();
    assertThat(endpoints).hasSize(1);
    URI reached = basin.endpoint();
    assertThat(endpoints.get(0).address()).isEqualTo(reached.getHost() + ":" + reached.getPort());
    assertThat(endpoints.get(0).cachePeriodInMinutes()).isEqualTo(1440L);
  }

  @Test
  void tagsAreCheckedForLengthAndCharacters() {
    String arn = arn(simpleTable("Tagged"));
    String key128 = "k".repeat(128);
    String value256 = "v".repeat(256);
    ddb.tagResource(
        r ->
            r.resourceArn(arn)
                .tags(
                    Tag.builder().key(key128).value(value256).build(),
                    Tag.builder().key("a+b-c=d.e_f:g/h i@j").value("").build(),
                    Tag.builder()
                        .key("\u043a\u043b\u044e\u0447")
                        .value("\u8868\u00a0caf\u00e9")
                        .build()));
    assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags())
        .extracting(Tag::key)
        .containsExactlyInAnyOrder(key128, "a+b-c=d.e_f:g/h i@j", "\u043a\u043b\u044e\u0447");

    String key129 = "k".repeat(129);
    assertError(
        () -> ddb.tagResource(r -> r.resourceArn(arn).tags(t -> t.key(key129).value("v"))),
        "ValidationException",
        "1 validation error detected: Value '"
            + key129
            + "' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less"
            + " than or equal to 128");
    String value257 = "v".repeat(257);
    assertError(
        () -> ddb.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("k").value(value257))),
        "ValidationException",
        "1 validation error detected: Value '"
            + value257
            + "' at 'tags.1.member.value' failed to satisfy constraint: Member must have length"
            + " less than or equal to 256");
    for (String bad : List.of("hi!", "d%g", "\"hello\"", "a,b", "\uD83D\uDD11")) {
      assertError(
          () -> ddb.tagResource(r -> r.resourceArn(arn).tags(t -> t.key(bad).value("v"))),
          "ValidationException",
          "The Tag Key provided is invalid, Key: " + bad);
      assertError(
          () -> ddb.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("k").value(bad))),
          "ValidationException",
          "The Tag Value provided is invalid, Value: " + bad);
    }
    assertError(
        () -> ddb.tagResource(r -> r.resourceArn(arn).tags(List.of())),
        "ValidationException",
        "Atleast one Tag needs to be provided as Input.");
    assertError(
        () ->
            ddb.tagResource(
                r ->
                    r.resourceArn(arn)
                        .tags(
                            Tag.builder().key("good").value("v").build(),
                            Tag.builder().key("aws:zzz").value("v").build())),
        "ValidationException",
        "Tag Key cannot be prefixed with aws:, Key: aws:zzz");
    assertError(
        () ->
            ddb.tagResource(
                r ->
                    r.resourceArn(arn)
                        .tags(
                            Tag.builder().key("dup").value("1").build(),
                            Tag.builder().key("dup").value("2").build())),
        "ValidationException",
        "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup");
    assertError(
        () -> ddb.tagResource(r -> r.resourceArn(arn).tags(t -> t.key("AWS:foo").value("v"))),
        "ValidationException",
        "Tag Key cannot be prefixed with aws:, Key: AWS:foo");
    assertError(
        () -> ddb.untagResource(r -> r.resourceArn(arn).tagKeys("aws:foo")),
        "ValidationException",
        "Tag Key cannot be prefixed with aws:, Key: aws:foo");
    ddb.untagResource(r -> r.resourceArn(arn).tagKeys("never-set"));
    assertError(
        () -> ddb.untagResource(r -> r.resourceArn(arn).tagKeys(List.of())),
        "ValidationException",
        "Atleast one Tag Key needs to be provided as Input.");
    // All or nothing: the good tag of a refused request is not applied.
    assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags()).hasSize(3);
  }

  @Test
  void tagsNeedATableArn() {
    createTable(
        "TaggedIndexes",
        CreateTableRequest.builder()
            .attributeDefinitions(attr("p"), attr("c"), attr("x"))
            .globalSecondaryIndexes(
                g ->
                    g.indexName("byX")
                        .keySchema(hash("x"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
    String indexArn =
        ddb.describeTable(r -> r.tableName("TaggedIndexes"))
            .table()
            .globalSecondaryIndexes()
            .get(0)
            .indexArn();
    assertError(
        () -> ddb.listTagsOfResource(r -> r.resourceArn(indexArn)),
        "ValidationException",
        "One or more parameter values were invalid: Invalid resource arn provided, only table or"
            + " stream is accepted. Provided resource arn: "
            + indexArn);
    assertError(
        () -> ddb.tagResource(r -> r.resourceArn(indexArn).tags(t -> t.key("k").value("v"))),
        "ValidationException",
        "One or more parameter values were invalid: Invalid resource arn provided, only table or"
            + " stream is accepted. Provided resource arn: "
            + indexArn);
    assertError(
        () ->
            ddb.tagResource(r -> r.resourceArn("I_do_not_exist").tags(t -> t.key("k").value("v"))),
        "ValidationException",
        "One or more parameter values were invalid: ARNs must start with 'arn:': I_do_not_exist");
    String otherAccount = arn("TaggedIndexes").replace(":000000000000:", ":111122223333:");
    assertError(
        () -> ddb.listTagsOfResource(r -> r.resourceArn(otherAccount)),
        "AccessDeniedException",
        "Access is denied");
    String otherRegion = arn("TaggedIndexes").replace(":us-east-1:", ":eu-west-2:");
    assertError(
        () -> ddb.listTagsOfResource(r -> r.resourceArn(otherRegion)),
        "ValidationException",
        "1 validation error detected: Invalid AWS region in '" + otherRegion + "'");
    String missing = arn("TaggedIndexes") + "x";
    assertError(
        () -> ddb.tagResource(r -> r.resourceArn(missing).tags(t -> t.key("k").value("v"))),
        "ResourceNotFoundException",
        "Requested resource not found: ResourceArn: " + missing + " not found");
  }

  @Test
  void aTableArnStandsForTheTableName() {
    String arn = arn(simpleTable("ByArn"));
    TableDescription described = ddb.describeTable(r -> r.tableName(arn)).table();
    assertThat(described.tableName()).isEqualTo("ByArn");
    assertThat(described.tableArn()).isEqualTo(arn);
    ddb.putItem(
        r ->
            r.tableName(arn)
                .item(Map.of("p", AttributeValue.fromS("1"), "c", AttributeValue.fromS("2"))));
    assertThat(
            ddb.getItem(
                    r ->
                        r.tableName("ByArn")
                            .key(
                                Map.of(
                                    "p",
                                    AttributeValue.fromS("1"),
                                    "c",
                                    AttributeValue.fromS("2"))))
                .item())
        .containsKey("p");
    assertThat(ddb.describeTimeToLive(r -> r.tableName(arn)).timeToLiveDescription()).isNotNull();
    String otherRegion = arn.replace(":us-east-1:", ":eu-west-2:");
    assertError(
        () -> ddb.describeTable(r -> r.tableName(otherRegion)),
        "ValidationException",
        "1 validation error detected: Invalid AWS region in '" + otherRegion + "'");
    String otherAccount = arn.replace(":000000000000:", ":111122223333:");
    assertError(
        () -> ddb.describeTable(r -> r.tableName(otherAccount)),
        "AccessDeniedException",
        "Access is denied");
    // Item operations, queries and scans check the ARN's region and account the same way.
    Map<String, AttributeValue> key =
        Map.of("p", AttributeValue.fromS("1"), "c", AttributeValue.fromS("2"));
    assertError(
        () -> ddb.getItem(r -> r.tableName(otherRegion).key(key)),
        "ValidationException",
        "1 validation error detected: Invalid AWS region in '" + otherRegion + "'");
    assertError(
        () -> ddb.putItem(r -> r.tableName(otherAccount).item(key)),
        "AccessDeniedException",
        "Access is denied");
    assertError(
        () -> ddb.scan(r -> r.tableName(otherAccount)),
        "AccessDeniedException",
        "Access is denied");
    assertThat(ddb.scan(r -> r.tableName(arn)).count()).isEqualTo(1);
    String indexArn = arn + "/index/byX";
    assertError(
        () -> ddb.describeTable(r -> r.tableName(indexArn)),
        "ValidationException",
        "1 validation error detected: Value '"
            + indexArn
            + "' at 'tableName' failed to satisfy constraint: Member must be a table name or a"
            + " table ARN");
    assertThat(ddb.deleteTable(r -> r.tableName(arn)).tableDescription().tableName())
        .isEqualTo("ByArn");
  }

  @Test
  void timeToLiveAttributeNameIsChecked() {
    simpleTable("Expiring");
    String long256 = "x".repeat(256);
    assertError(
        () ->
            ddb.updateTimeToLive(
                r ->
                    r.tableName("Expiring")
                        .timeToLiveSpecification(t -> t.attributeName(long256).enabled(true))),
        "ValidationException",
        "1 validation error detected: Value '"
            + long256
            + "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member"
            + " must have length less than or equal to 255");
    assertError(
        () ->
            ddb.updateTimeToLive(
                r ->
                    r.tableName("Expiring")
                        .timeToLiveSpecification(t -> t.attributeName("").enabled(true))),
        "ValidationException",
        "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed"
            + " to satisfy constraint: Member must have length greater than or equal to 1");
    assertError(
        () ->
            ddb.updateTimeToLive(
                r -> r.tableName("Expiring").timeToLiveSpecification(t -> t.attributeName("e"))),
        "ValidationException",
        "1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to"
            + " satisfy constraint: Member must not be null");
    ddb.updateTimeToLive(
        r ->
            r.tableName("Expiring")
                .timeToLiveSpecification(t -> t.attributeName("x".repeat(255)).enabled(true)));
    assertError(
        () ->
            ddb.updateTimeToLive(
                r ->
                    r.tableName("NoSuchTable")
                        .timeToLiveSpecification(t -> t.attributeName("e").enabled(true))),
        "ResourceNotFoundException",
        "Requested resource not found: Table: NoSuchTable not found");
  }

  @Test
  void updateTableNeedsSomethingToChange() {
    simpleTable("Unchanged");
    String message =
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled,"
            + " GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates,"
            + " MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency,"
            + " DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is"
            + " required";
    assertError(
        () -> ddb.updateTable(r -> r.tableName("NoSuchTable")), "ValidationException", message);
    assertError(
        () -> ddb.updateTable(r -> r.tableName("Unchanged")), "ValidationException", message);
    assertError(
        () -> ddb.updateTable(r -> r.tableName("Unchanged").globalSecondaryIndexUpdates(List.of())),
        "ValidationException",
        message);
    assertThat(
            ddb.updateTable(r -> r.tableName("Unchanged").billingMode(BillingMode.PAY_PER_REQUEST))
                .tableDescription()
                .tableStatus())
        .isEqualTo(TableStatus.ACTIVE);
  }

  @Test
  void globalSecondaryIndexUpdatesAreChecked() {
    createTable(
        "Reindexed",
        CreateTableRequest.builder()
            .attributeDefinitions(attr("p"), attr("c"), attr("x"))
            .localSecondaryIndexes(
                l ->
                    l.indexName("localX")
                        .keySchema(hash("p"), range("x"))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Reindexed")
                        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().build())),
        "ValidationException",
        "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update,"
            + " GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be"
            + " null");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Reindexed")
                        .attributeDefinitions(attr("x"))
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.create(
                                        c ->
                                            c.indexName("byX")
                                                .keySchema(hash("x"))
                                                .projection(
                                                    p -> p.projectionType(ProjectionType.ALL)))
                                    .delete(d -> d.indexName("other")))),
        "ValidationException",
        "One or more parameter values were invalid: Only one global secondary index action is"
            + " allowed per GlobalSecondaryIndexUpdate object");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Reindexed")
                        .deletionProtectionEnabled(false)
                        .globalSecondaryIndexUpdates(List.of())),
        "ValidationException",
        "One or more parameter values were invalid: List of GlobalSecondaryIndexUpdates is empty");
    // AttributeDefinitions serve only a new index: elsewhere they are ignored, alone they change
    // nothing.
    assertThat(
            ddb.updateTable(
                    r ->
                        r.tableName("Reindexed")
                            .attributeDefinitions(
                                AttributeDefinition.builder()
                                    .attributeName("p")
                                    .attributeType(ScalarAttributeType.N)
                                    .build())
                            .deletionProtectionEnabled(false))
                .tableDescription()
                .attributeDefinitions())
        .contains(attr("p"));
    assertThatThrownBy(
            () -> ddb.updateTable(r -> r.tableName("Reindexed").attributeDefinitions(attr("x"))))
        .hasMessageStartingWith("At least one of ProvisionedThroughput");
    // x is already defined (by the local index), but a new index must define its keys anyway.
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Reindexed")
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.create(
                                    c ->
                                        c.indexName("byX")
                                            .keySchema(hash("x"))
                                            .projection(
                                                p -> p.projectionType(ProjectionType.ALL))))),
        "ValidationException",
        "One or more parameter values were invalid: AttributeDefinitions is not specified for"
            + " index: byX");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Reindexed")
                        .attributeDefinitions(attr("c"))
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.create(
                                    c ->
                                        c.indexName("byX")
                                            .keySchema(hash("x"))
                                            .projection(
                                                p -> p.projectionType(ProjectionType.ALL))))),
        "ValidationException",
        "One or more parameter values were invalid: Some index key attributes are not defined in"
            + " AttributeDefinitions. Keys: [x], AttributeDefinitions: [c]");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Reindexed")
                        .attributeDefinitions(
                            AttributeDefinition.builder()
                                .attributeName("x")
                                .attributeType(ScalarAttributeType.N)
                                .build())
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.create(
                                    c ->
                                        c.indexName("byX")
                                            .keySchema(hash("x"))
                                            .projection(
                                                p -> p.projectionType(ProjectionType.ALL))))),
        "ValidationException",
        "One or more parameter values were invalid: Attributes cannot be redefined. Please check"
            + " that your attribute has the same type as previously defined. Existing schema:"
            + " key{x:S}, New schema: key{x:N}");
  }

  @Test
  void provisionedThroughputThatWouldNotChangeIsRefused() {
    ddb.createTable(
        r ->
            r.tableName("Provisioned")
                .keySchema(hash("p"))
                .attributeDefinitions(attr("x"), attr("p"))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("byX")
                            .keySchema(hash("x"))
                            .projection(p -> p.projectionType(ProjectionType.ALL))
                            .provisionedThroughput(
                                t -> t.readCapacityUnits(2L).writeCapacityUnits(2L))));
    assertThat(ddb.describeTable(r -> r.tableName("Provisioned")).table().attributeDefinitions())
        .extracting(AttributeDefinition::attributeName)
        .containsExactly("p", "x");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Provisioned")
                        .provisionedThroughput(
                            t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))),
        "ValidationException",
        "The provisioned throughput for the table will not change. The requested value equals the"
            + " current value. Current ReadCapacityUnits provisioned for the table: 1. Requested"
            + " ReadCapacityUnits: 1. Current WriteCapacityUnits provisioned for the table: 1."
            + " Requested WriteCapacityUnits: 1. Refer to the Amazon DynamoDB Developer Guide for"
            + " current limits and how to request higher limits.");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Provisioned")
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.update(
                                    i ->
                                        i.indexName("byX")
                                            .provisionedThroughput(
                                                t ->
                                                    t.readCapacityUnits(2L)
                                                        .writeCapacityUnits(2L))))),
        "ValidationException",
        "The provisioned throughput for the index byX will not change. The requested value equals"
            + " the current value. Current ReadCapacityUnits provisioned for index byX: 2. Requested"
            + " ReadCapacityUnits: 2. Current WriteCapacityUnits provisioned for index byX: 2."
            + " Requested WriteCapacityUnits: 2. Refer to the Amazon DynamoDB Developer Guide for"
            + " current limits and how to request higher limits.");
    assertError(
        () -> ddb.updateTable(r -> r.tableName("Provisioned").billingMode(BillingMode.PROVISIONED)),
        "ValidationException",
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Provisioned")
                        .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("ghost")))),
        "ResourceNotFoundException",
        "Requested resource not found: Index ghost for table Provisioned");
    TableDescription updated =
        ddb.updateTable(
                r ->
                    r.tableName("Provisioned")
                        .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(3L)))
            .tableDescription();
    assertThat(updated.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
  }

  @Test
  void billingSwitchesCarryTheIndexesAlong() {
    createTable(
        "Switching",
        CreateTableRequest.builder()
            .attributeDefinitions(attr("p"), attr("c"), attr("x"))
            .globalSecondaryIndexes(
                g ->
                    g.indexName("byX")
                        .keySchema(hash("x"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Switching")
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.update(
                                    i ->
                                        i.indexName("byX")
                                            .provisionedThroughput(
                                                t ->
                                                    t.readCapacityUnits(5L)
                                                        .writeCapacityUnits(5L))))),
        "ValidationException",
        "One or more parameter values were invalid: The only Updates for index: byX when"
            + " TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput");
    assertError(
        () -> ddb.updateTable(r -> r.tableName("Switching").billingMode(BillingMode.PROVISIONED)),
        "ValidationException",
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Switching")
                        .billingMode(BillingMode.PROVISIONED)
                        .provisionedThroughput(
                            t -> t.readCapacityUnits(5L).writeCapacityUnits(5L))),
        "ValidationException",
        "One or more parameter values were invalid: ProvisionedThroughput must be specified for"
            + " index: byX");
    TableDescription provisioned =
        ddb.updateTable(
                r ->
                    r.tableName("Switching")
                        .billingMode(BillingMode.PROVISIONED)
                        .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L))
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.update(
                                    i ->
                                        i.indexName("byX")
                                            .provisionedThroughput(
                                                t ->
                                                    t.readCapacityUnits(3L)
                                                        .writeCapacityUnits(4L)))))
            .tableDescription();
    assertThat(
            provisioned
                .globalSecondaryIndexes()
                .get(0)
                .provisionedThroughput()
                .writeCapacityUnits())
        .isEqualTo(4L);
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Switching")
                        .deletionProtectionEnabled(true)
                        .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byX")))),
        "ValidationException",
        "DeletionProtection modification must be the only operation in the request");
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Switching")
                        .provisionedThroughput(t -> t.readCapacityUnits(6L).writeCapacityUnits(6L))
                        .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byX")))),
        "ValidationException",
        "You cannot create or delete index while updating table IOPS");
    TableDescription onDemand =
        ddb.updateTable(r -> r.tableName("Switching").billingMode(BillingMode.PAY_PER_REQUEST))
            .tableDescription();
    assertThat(onDemand.globalSecondaryIndexes().get(0).provisionedThroughput().readCapacityUnits())
        .isZero();
  }

  @Test
  void indexNamesAndProjectionTypesAreChecked() {
    assertError(
        () ->
            createTable(
                "BadIndexName",
                CreateTableRequest.builder()
                    .attributeDefinitions(attr("p"), attr("c"))
                    .globalSecondaryIndexes(
                        g ->
                            g.indexName("nyh@test")
                                .keySchema(hash("c"))
                                .projection(p -> p.projectionType(ProjectionType.ALL)))),
        "ValidationException",
        "1 validation error detected: Value 'nyh@test' at 'globalSecondaryIndexes.1.member"
            + ".indexName' failed to satisfy constraint: Member must satisfy regular expression"
            + " pattern: [a-zA-Z0-9_.-]+");
    assertError(
        () ->
            createTable(
                "BadProjection",
                CreateTableRequest.builder()
                    .attributeDefinitions(attr("p"), attr("c"))
                    .globalSecondaryIndexes(
                        g ->
                            g.indexName("byC")
                                .keySchema(hash("c"))
                                .projection(p -> p.projectionType("nonsense")))),
        "ValidationException",
        "1 validation error detected: Value 'nonsense' at 'globalSecondaryIndexes.1.member"
            + ".projection.projectionType' failed to satisfy constraint: Member must satisfy enum"
            + " value set: [ALL, KEYS_ONLY, INCLUDE]");
    assertError(
        () ->
            createTable(
                "DuplicateNonKey",
                CreateTableRequest.builder()
                    .attributeDefinitions(attr("p"), attr("c"))
                    .globalSecondaryIndexes(
                        g ->
                            g.indexName("byC")
                                .keySchema(hash("c"))
                                .projection(
                                    p ->
                                        p.projectionType(ProjectionType.INCLUDE)
                                            .nonKeyAttributes("a", "a")))),
        "ValidationException",
        "One or more parameter values were invalid: Duplicate element in NonKeyAttributes: a");
    createTable(
        "SortedNonKey",
        CreateTableRequest.builder()
            .attributeDefinitions(attr("p"), attr("c"))
            .globalSecondaryIndexes(
                g ->
                    g.indexName("byC")
                        .keySchema(hash("c"))
                        .projection(
                            p ->
                                p.projectionType(ProjectionType.INCLUDE)
                                    .nonKeyAttributes("z", "a"))));
    assertThat(
            ddb.describeTable(r -> r.tableName("SortedNonKey"))
                .table()
                .globalSecondaryIndexes()
                .get(0)
                .projection()
                .nonKeyAttributes())
        .containsExactly("a", "z");
    assertError(
        () -> ddb.describeTable(r -> r.tableName("BadIndexName")),
        "ResourceNotFoundException",
        "Requested resource not found: Table: BadIndexName not found");
  }

  @Test
  void backfillLeavesOutKeysOverDynamoDbsSizeLimits() {
    simpleTable("Oversized");
    Map<String, Integer> lengths =
        Map.of("k1024", 1024, "k1025", 1025, "k2048", 2048, "k2049", 2049);
    lengths.forEach(
        (p, length) ->
            ddb.putItem(
                r ->
                    r.tableName("Oversized")
                        .item(
                            Map.of(
                                "p", AttributeValue.fromS(p),
                                "c", AttributeValue.fromS("c"),
                                "x", AttributeValue.fromS("a".repeat(length))))));
    ddb.updateTable(
        r ->
            r.tableName("Oversized")
                .attributeDefinitions(attr("x"))
                .globalSecondaryIndexUpdates(
                    u ->
                        u.create(
                            c ->
                                c.indexName("xAsHash")
                                    .keySchema(hash("x"))
                                    .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))));
    ddb.updateTable(
        r ->
            r.tableName("Oversized")
                .attributeDefinitions(attr("c"), attr("x"))
                .globalSecondaryIndexUpdates(
                    u ->
                        u.create(
                            c ->
                                c.indexName("xAsRange")
                                    .keySchema(hash("c"), range("x"))
                                    .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))));
    assertThat(indexedKeys("xAsHash")).containsExactlyInAnyOrder("k1024", "k1025", "k2048");
    assertThat(indexedKeys("xAsRange")).containsExactly("k1024");
  }

  @Test
  void writesOfIndexKeysOverDynamoDbsSizeLimitsAreRefused() {
    createTable(
        "KeyLimits",
        CreateTableRequest.builder()
            .attributeDefinitions(attr("p"), attr("c"), attr("x"), attr("y"))
            .globalSecondaryIndexes(
                g ->
                    g.indexName("byX")
                        .keySchema(hash("x"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)),
                g ->
                    g.indexName("byPY")
                        .keySchema(hash("p"), range("y"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
    ddb.putItem(
        r ->
            r.tableName("KeyLimits")
                .item(
                    Map.of(
                        "p", AttributeValue.fromS("fits"),
                        "c", AttributeValue.fromS("c"),
                        "x", AttributeValue.fromS("a".repeat(2048)),
                        "y", AttributeValue.fromS("a".repeat(1024)))));
    assertError(
        () ->
            ddb.putItem(
                r ->
                    r.tableName("KeyLimits")
                        .item(
                            Map.of(
                                "p", AttributeValue.fromS("hashTooLong"),
                                "c", AttributeValue.fromS("c"),
                                "x", AttributeValue.fromS("a".repeat(2049))))),
        "ValidationException",
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size"
            + " limit of 2048 bytes. IndexName: byX, IndexKey: x");
    assertError(
        () ->
            ddb.putItem(
                r ->
                    r.tableName("KeyLimits")
                        .item(
                            Map.of(
                                "p", AttributeValue.fromS("rangeTooLong"),
                                "c", AttributeValue.fromS("c"),
                                "y", AttributeValue.fromS("a".repeat(1025))))),
        "ValidationException",
        "One or more parameter values were invalid: Aggregated size of all range keys has exceeded"
            + " the size limit of 1024 bytes. IndexName: byPY, IndexKey: y");
    assertThat(ddb.scan(r -> r.tableName("KeyLimits")).items())
        .extracting(i -> i.get("p").s())
        .containsExactly("fits");
  }

  private static List<String> indexedKeys(String index) {
    return ddb.scan(r -> r.tableName("Oversized").indexName(index)).items().stream()
        .map(i -> i.get("p").s())
        .toList();
  }
}
