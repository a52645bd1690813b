package dev.basin.cloudtrail;

import dev.basin.core.clock.BasinClock;
import dev.basin.s3.store.S3Store;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Basin's CloudTrail assembled: the event store, the {@link CloudTrailRecorder} the gateway tells
 * about every request, the {@link CloudTrailService} and the trails' {@link TrailDelivery}. Closing
 * it drains the recorder, delivers what trails have pending and closes the store, in that order:
 * close it before the S3 store it delivers to.
 */
public final class CloudTrail implements AutoCloseable {

  /** How often trails deliver; AWS delivers about every five minutes. */
  public static final Duration DEFAULT_DELIVERY_INTERVAL = Duration.ofSeconds(5);

  /** Events the recorder queues before it drops (about 1 KiB each). */
  public static final int DEFAULT_QUEUE_CAPACITY = 16_384;

  /**
   * How long a request waits for room in a full recorder queue before its event is dropped: long
   * enough for any hold-up of a working writer, short enough that a broken one does not hang
   * callers.
   */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);

  private final CloudTrailStore store;
  private final CloudTrailRecorder recorder;
  private final CloudTrailService service;
  private final TrailDelivery delivery;

  private CloudTrail(
      CloudTrailStore store,
      CloudTrailRecorder recorder,
      CloudTrailService service,
      TrailDelivery delivery) {
    this.store = store;
    this.recorder = recorder;
    this.service = service;
    this.delivery = delivery;
  }

  /**
   * Opens CloudTrail's database in {@code dir} and starts recording and delivering.
   *
   * @param s3 the store trails deliver into
   * @param deliveryInterval how often logging trails deliver
   */
  public static CloudTrail open(Path dir, S3Store s3, BasinClock clock, Duration deliveryInterval) {
    CloudTrailStore store = CloudTrailStore.open(dir);
    return new CloudTrail(
        store,
        new CloudTrailRecorder(store, clock, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_WAIT),
        new CloudTrailService(store, s3, clock),
        new TrailDelivery(store, s3, clock, deliveryInterval));
  }

  /** The request listener to register with the gateway. */
  public CloudTrailRecorder recorder() {
    return recorder;
  }

  public CloudTrailService service() {
    return service;
  }

  @Override
  public void close() {
    recorder.close();
    delivery.close();
    store.close();
  }

  @Override
  public String toString() {
    return "CloudTrail";
  }
}
