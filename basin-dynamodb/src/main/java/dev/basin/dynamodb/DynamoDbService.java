package dev.basin.dynamodb;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.ContentCodings;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.Service;
import dev.basin.core.model.Shape;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.WireResponse;
import dev.basin.dynamodb.store.DynamoDbStore;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Amazon DynamoDB: tables ({@link DynamoDbTableOperations}), items ({@link
 * DynamoDbItemOperations}), queries, scans and batches ({@link DynamoDbQueryOperations}) over one
 * {@link DynamoDbStore}, transactions ({@link DynamoDbTransactionOperations}) and the TTL sweeper
 * ({@link TtlSweeper}, which also trims streams, running from construction until {@link #close}).
 * Item changes feed the tables' streams, served by {@link DynamoDbStreamsService}. Operations the
 * model has and Basin does not serve yet (backups, global tables, imports and exports, PartiQL
 * transactions) answer {@code 501 NotImplemented}.
 */
public final class DynamoDbService implements Service, AutoCloseable {
  /** DynamoDB compresses a response only from this size on (when the client accepts it). */
  static final int COMPRESSION_THRESHOLD = 4096;

  private final Map<String, OperationHandler> operations;
  private final TtlSweeper ttlSweeper;

  public DynamoDbService(DynamoDbStore store, BasinClock clock) {
    Map<String, OperationHandler> all = new HashMap<>();
    new DynamoDbTableOperations(store, clock).register(all);
    new DynamoDbItemOperations(store, clock).register(all);
    new DynamoDbQueryOperations(store, clock).register(all);
    new DynamoDbTransactionOperations(store, clock).register(all);
    new DynamoDbPartiQlOperations(store, all).register(all);
    this.operations = Map.copyOf(all);
    this.ttlSweeper = new TtlSweeper(store, clock);
  }

  /** Stops the TTL sweeper; close before the store. */
  @Override
  public void close() {
    ttlSweeper.close();
  }

  @Override
  public String modelId() {
    return "dynamodb";
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return operations;
  }

  /** DynamoDB answers a bad TableClass with its own message ({@link DynamoDbTableOperations}). */
  @Override
  public boolean checksModelConstraints(Shape shape) {
    return !shape.name().equals("TableClass");
  }

  @Override
  public String serverHeader() {
    return "Server";
  }

  /**
   * As DynamoDB: a response body of 4 KiB or more is compressed when the request's {@code
   * Accept-Encoding} allows gzip or deflate, and every response carries {@code x-amz-crc32}, the
   * CRC32 of the body as sent (after compression), which the SDKs check.
   */
  @Override
  public WireResponse finishResponse(RequestContext context, WireResponse response) {
    WireResponse finished =
        ContentCodings.compress(context.request(), response, COMPRESSION_THRESHOLD);
    if (finished.body() instanceof ResponseBody.Bytes bytes) {
      CRC32 crc = new CRC32();
      crc.update(bytes.bytes());
      finished.headers().set("x-amz-crc32", Long.toString(crc.getValue()));
    }
    return finished;
  }
}
