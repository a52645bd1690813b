package dev.basin.dynamodb;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.Service;
import dev.basin.dynamodb.store.DynamoDbStore;
import java.util.HashMap;
import java.util.Map;

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

  @Override
  public String serverHeader() {
    return "Server";
  }

  @Override
  public boolean finishesResponsesAsDynamoDb() {
    return true;
  }
}
