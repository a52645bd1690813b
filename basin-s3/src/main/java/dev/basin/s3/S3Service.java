package dev.basin.s3;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.events.EventBus;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.Service;
import dev.basin.core.protocol.WireResponse;
import dev.basin.s3.store.S3Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon S3: the operations of {@link S3BucketOperations}, {@link S3ObjectOperations} and {@link
 * S3MultipartOperations} over one {@link S3Store}. S3 operations the model has and Basin does not
 * serve (website hosting, replication, inventory, analytics, object lock, ...) answer {@code 501
 * NotImplemented}, never a silent success.
 *
 * <p>CORS preflights ({@code OPTIONS}, which the model has no operation for) are answered before
 * authentication, and responses to requests carrying {@code Origin} get the CORS headers of the
 * bucket's configuration ({@link S3Cors}).
 *
 * <p>Lifecycle rules run from construction until {@link #close()} ({@link S3LifecycleEngine}):
 * close the service before the store.
 */
public final class S3Service implements Service, AutoCloseable {
  private final Map<String, OperationHandler> operations;
  private final S3LifecycleEngine lifecycle;
  private final S3Cors cors;

  public S3Service(S3Store store, BasinClock clock, EventBus events, S3Settings settings) {
    S3Notifier notifier = new S3Notifier(store, events, clock);
    Map<String, OperationHandler> all = new HashMap<>();
    new S3BucketOperations(store).register(all);
    new S3ObjectOperations(store, clock, notifier, settings).register(all);
    new S3MultipartOperations(store, clock, notifier).register(all);
    this.operations = Map.copyOf(all);
    this.cors = new S3Cors(store, List.of("localhost"));
    this.lifecycle =
        new S3LifecycleEngine(store, clock, notifier).start(S3LifecycleEngine.DEFAULT_INTERVAL);
  }

  /** Stops the lifecycle engine, waiting for a run in progress. */
  @Override
  public void close() {
    lifecycle.close();
  }

  @Override
  public String modelId() {
    return "s3";
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return operations;
  }

  @Override
  public WireResponse intercept(RequestContext context) {
    return cors.preflight(context.request());
  }

  @Override
  public String serverHeader() {
    return "AmazonS3";
  }

  @Override
  public WireResponse finishResponse(RequestContext context, WireResponse response) {
    cors.addHeaders(context.request(), response);
    return response;
  }
}
