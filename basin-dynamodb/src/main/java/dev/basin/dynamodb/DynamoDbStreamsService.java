package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.Service;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.storage.MetadataStore;
import dev.basin.dynamodb.store.DynamoDbStore;
import dev.basin.dynamodb.store.StreamStore;
import dev.basin.dynamodb.store.StreamStore.RecordRow;
import dev.basin.dynamodb.store.StreamStore.StreamRow;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Amazon DynamoDB Streams ({@code streams.dynamodb}: ListStreams, DescribeStream, GetShardIterator,
 * GetRecords) over the streams {@link StreamStore} keeps next to the tables, in the same database
 * of the account and region.
 *
 * <p>Each stream has one shard for its whole life, open while the stream is enabled and closed
 * (with an ending sequence number) once it is disabled. Sequence numbers are 21-digit decimal
 * strings: {@code 1} followed by the store's sequence zero-padded to 20 digits, so they sort as
 * numbers and as text.
 *
 * <p>A shard iterator is an opaque token holding the stream ARN, the shard, the next sequence
 * number to read and the time it was issued on Basin's clock; it expires {@link #ITERATOR_MILLIS}
 * after that ({@code ExpiredIteratorException}). Reading at a position whose records were trimmed
 * by the 24-hour retention is {@code TrimmedDataAccessException}.
 */
public final class DynamoDbStreamsService implements Service {
  static final long ITERATOR_MILLIS = 15 * 60 * 1000;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_RECORDS = 1000;

  private final DynamoDbStore store;
  private final BasinClock clock;
  private final Map<String, OperationHandler> operations;

  public DynamoDbStreamsService(DynamoDbStore store, BasinClock clock) {
    this.store = store;
    this.clock = clock;
    this.operations =
        Map.of(
            "ListStreams", this::listStreams,
            "DescribeStream", this::describeStream,
            "GetShardIterator", this::getShardIterator,
            "GetRecords", this::getRecords);
  }

  @Override
  public String serverHeader() {
    return "Server";
  }

  @Override
  public String modelId() {
    return "streams.dynamodb";
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return operations;
  }

  private MetadataStore db(RequestContext context) {
    return DynamoDbTableOperations.db(store, context);
  }

  // ---------------------------------------------------------------- naming

  /** The sequence number of store sequence {@code seq}: "1" and 20 digits. */
  static String sequenceNumber(long seq) {
    String digits = Long.toString(seq);
    StringBuilder b = new StringBuilder(21).append('1');
    b.append("0".repeat(20 - digits.length())).append(digits);
    return b.toString();
  }

  private static long parseSequenceNumber(String text) {
    if (text.length() == 21 && text.charAt(0) == '1') {
      try {
        long seq = Long.parseLong(text.substring(1));
        if (seq >= 0) {
          return seq;
        }
      } catch (NumberFormatException e) {
        // falls through
      }
    }
    throw DynamoDbErrors.validation("Invalid SequenceNumber: " + text);
  }

  static String shardId(StreamRow stream) {
    String created = Long.toString(stream.createdMillis());
    return "shardId-"
        + "0".repeat(Math.max(0, 20 - created.length()))
        + created
        + "-"
        + String.format("%08x", stream.arn().hashCode());
  }

  private static String label(StreamRow stream) {
    return stream.arn().substring(stream.arn().lastIndexOf('/') + 1);
  }

  private static AwsException streamNotFound(String arn) {
    return new AwsException(
        "ResourceNotFoundException",
        400,
        "Requested resource not found: Stream: " + arn + " not found");
  }

  /**
   * Refuses what cannot be a stream ARN ({@code arn:<partition>:dynamodb:<region>:<account>:table/
   * <name>/stream/<label>}) as DynamoDB Streams does, with a ValidationException rather than
   * ResourceNotFoundException.
   */
  private static void checkStreamArn(String arn) {
    int table = arn.indexOf(":table/");
    if (!arn.startsWith("arn:")
        || table < 0
        || arn.indexOf("/stream/", table + 7) < 0
        || arn.endsWith("/stream/")) {
      throw DynamoDbErrors.validation("Invalid StreamArn");
    }
  }

  private static StreamRow requireStream(Connection c, String arn) throws SQLException {
    checkStreamArn(arn);
    StreamRow stream = StreamStore.stream(c, arn);
    if (stream == null) {
      throw streamNotFound(arn);
    }
    return stream;
  }

  private static int limit(JsonNode input, int max) {
    if (!input.hasNonNull("Limit")) {
      return max;
    }
    int limit = input.get("Limit").asInt();
    if (limit < 1 || limit > max) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + limit
              + "' at 'limit' failed to satisfy constraint: Member must have value "
              + (limit < 1 ? "greater than or equal to 1" : "less than or equal to " + max));
    }
    return limit;
  }

  private static DecimalNode seconds(long millis) {
    return DecimalNode.valueOf(BigDecimal.valueOf(millis, 3));
  }

  // ---------------------------------------------------------------- ListStreams

  private JsonNode listStreams(RequestContext context, ObjectNode input) {
    int limit = limit(input, 100);
    String table = input.hasNonNull("TableName") ? input.get("TableName").asText() : null;
    String start =
        input.hasNonNull("ExclusiveStartStreamArn")
            ? input.get("ExclusiveStartStreamArn").asText()
            : null;
    List<StreamRow> streams =
        db(context)
            .read(
                c -> {
                  long after = start == null ? 0 : requireStream(c, start).id();
                  return StreamStore.streams(c, table, after, limit + 1);
                });
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("Streams");
    for (int i = 0; i < Math.min(limit, streams.size()); i++) {
      StreamRow stream = streams.get(i);
      ObjectNode s = list.addObject();
      s.put("StreamArn", stream.arn());
      s.put("TableName", stream.tableName());
      s.put("StreamLabel", label(stream));
    }
    if (streams.size() > limit) {
      out.put("LastEvaluatedStreamArn", streams.get(limit - 1).arn());
    }
    return out;
  }

  // ---------------------------------------------------------------- DescribeStream

  private JsonNode describeStream(RequestContext context, ObjectNode input) {
    String arn = input.get("StreamArn").asText();
    limit(input, 100);
    String startShard =
        input.hasNonNull("ExclusiveStartShardId")
            ? input.get("ExclusiveStartShardId").asText()
            : null;
    StreamRow stream = db(context).read(c -> requireStream(c, arn));
    ObjectNode d = NODES.objectNode();
    d.put("StreamArn", stream.arn());
    d.put("StreamLabel", label(stream));
    d.put("StreamStatus", stream.enabled() ? "ENABLED" : "DISABLED");
    d.put("StreamViewType", stream.viewType());
    d.set("CreationRequestDateTime", seconds(stream.createdMillis()));
    d.put("TableName", stream.tableName());
    d.set("KeySchema", stream.keySchema());
    ArrayNode shards = d.putArray("Shards");
    String shardId = shardId(stream);
    if (startShard == null || shardId.compareTo(startShard) > 0) {
      ObjectNode shard = shards.addObject();
      shard.put("ShardId", shardId);
      ObjectNode range = shard.putObject("SequenceNumberRange");
      range.put("StartingSequenceNumber", sequenceNumber(stream.startSeq()));
      if (stream.endSeq() != null) {
        range.put("EndingSequenceNumber", sequenceNumber(stream.endSeq()));
      }
    }
    ObjectNode out = NODES.objectNode();
    out.set("StreamDescription", d);
    return out;
  }

  // ---------------------------------------------------------------- GetShardIterator

  /** A decoded shard iterator: where the next GetRecords reads ({@code seq} and on). */
  private record Iterator(String arn, String shardId, long seq, long issuedMillis) {
    String encode() {
      String text = arn + "|" + shardId + "|" + seq + "|" + issuedMillis;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Iterator decode(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = text.split("\\|", -1);
        if (parts.length == 4) {
          return new Iterator(
              parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        }
      } catch (IllegalArgumentException e) {
        // falls through
      }
      throw DynamoDbErrors.validation("Invalid ShardIterator");
    }
  }

  private static AwsException trimmed() {
    return new AwsException(
        "TrimmedDataAccessException",
        400,
        "The operation attempted to read past the oldest stream record in a shard.");
  }

  private JsonNode getShardIterator(RequestContext context, ObjectNode input) {
    String arn = input.get("StreamArn").asText();
    String shardId = input.get("ShardId").asText();
    String type = input.get("ShardIteratorType").asText();
    JsonNode sequence = input.get("SequenceNumber");
    boolean needsSequence =
        type.equals("AT_SEQUENCE_NUMBER") || type.equals("AFTER_SEQUENCE_NUMBER");
    if (!needsSequence && !type.equals("TRIM_HORIZON") && !type.equals("LATEST")) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + type
              + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum"
              + " value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
    }
    if (needsSequence && (sequence == null || sequence.isNull())) {
      throw DynamoDbErrors.validation(
          "Must specify a SequenceNumber when using " + type + " ShardIteratorType");
    }
    if (!needsSequence && sequence != null && !sequence.isNull()) {
      throw DynamoDbErrors.validation(
          "Must not specify a SequenceNumber when using " + type + " ShardIteratorType");
    }
    long requested = needsSequence ? parseSequenceNumber(sequence.asText()) : 0;
    long now = clock.millis();
    long position =
        db(context)
            .read(
                c -> {
                  StreamRow stream = requireStream(c, arn);
                  if (!shardId(stream).equals(shardId)) {
                    throw new AwsException(
                        "ResourceNotFoundException",
                        400,
                        "Requested resource not found: Shard does not exist");
                  }
                  long last =
                      stream.endSeq() != null ? stream.endSeq() : StreamStore.lastSequence(c);
                  return switch (type) {
                    case "TRIM_HORIZON" -> Math.max(stream.startSeq(), stream.trimmedSeq() + 1);
                    case "LATEST" -> Math.max(stream.startSeq(), last + 1);
                    default -> {
                      long seq = type.equals("AT_SEQUENCE_NUMBER") ? requested : requested + 1;
                      // The shard's StartingSequenceNumber is a valid position even before
                      // the shard holds a record.
                      if (requested < stream.startSeq()
                          || (requested > last && requested != stream.startSeq())) {
                        throw DynamoDbErrors.validation(
                            "Invalid SequenceNumber: "
                                + sequence.asText()
                                + " is not in the range of shard "
                                + shardId);
                      }
                      if (seq <= stream.trimmedSeq()) {
                        throw trimmed();
                      }
                      yield seq;
                    }
                  };
                });
    ObjectNode out = NODES.objectNode();
    out.put("ShardIterator", new Iterator(arn, shardId, position, now).encode());
    return out;
  }

  // ---------------------------------------------------------------- GetRecords

  private JsonNode getRecords(RequestContext context, ObjectNode input) {
    Iterator iterator = Iterator.decode(input.get("ShardIterator").asText());
    int limit = limit(input, MAX_RECORDS);
    long now = clock.millis();
    if (now - iterator.issuedMillis() > ITERATOR_MILLIS) {
      throw new AwsException(
          "ExpiredIteratorException",
          400,
          "Iterator expired. The iterator was created at time "
              + Instant.ofEpochMilli(iterator.issuedMillis())
              + " while right now it is "
              + Instant.ofEpochMilli(now)
              + " which is further in the future than the tolerated delay of "
              + ITERATOR_MILLIS
              + " milliseconds.");
    }
    record Read(StreamRow stream, List<RecordRow> records) {}
    Read read =
        db(context)
            .read(
                c -> {
                  StreamRow stream = requireStream(c, iterator.arn());
                  if (!shardId(stream).equals(iterator.shardId())) {
                    throw DynamoDbErrors.validation("Invalid ShardIterator");
                  }
                  if (iterator.seq() <= stream.trimmedSeq()) {
                    throw trimmed();
                  }
                  return new Read(
                      stream, StreamStore.records(c, stream.id(), iterator.seq(), limit));
                });
    ObjectNode out = NODES.objectNode();
    ArrayNode records = out.putArray("Records");
    long next = iterator.seq();
    for (RecordRow row : read.records()) {
      records.add(record(context, read.stream(), row));
      next = row.seq() + 1;
    }
    Long end = read.stream().endSeq();
    if (end == null || next <= end) {
      out.put(
          "NextShardIterator",
          new Iterator(iterator.arn(), iterator.shardId(), next, now).encode());
    }
    return out;
  }

  private static ObjectNode record(RequestContext context, StreamRow stream, RecordRow row) {
    ObjectNode stored = row.record();
    ObjectNode record = NODES.objectNode();
    record.put(
        "eventID",
        UUID.nameUUIDFromBytes((stream.arn() + "#" + row.seq()).getBytes(StandardCharsets.UTF_8))
            .toString()
            .replace("-", ""));
    record.set("eventName", stored.get("eventName"));
    record.put("eventVersion", "1.1");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", context.region());
    ObjectNode body = (ObjectNode) stored.get("dynamodb");
    body.set(
        "ApproximateCreationDateTime",
        DecimalNode.valueOf(BigDecimal.valueOf(row.createdMillis() / 1000)));
    body.put("SequenceNumber", sequenceNumber(row.seq()));
    record.set("dynamodb", body);
    JsonNode identity = stored.get("userIdentity");
    if (identity != null) {
      record.set("userIdentity", identity);
    }
    return record;
  }
}
