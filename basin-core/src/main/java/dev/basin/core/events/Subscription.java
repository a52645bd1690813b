package dev.basin.core.events;

/** A handler's registration on an {@link EventBus}. */
public interface Subscription extends AutoCloseable {

  /**
   * Unsubscribes: no delivery starts after this returns, and queued ones are dropped; a delivery
   * already running on another thread completes. Idempotent.
   */
  @Override
  void close();
}
