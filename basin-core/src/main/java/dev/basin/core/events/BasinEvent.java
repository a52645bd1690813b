package dev.basin.core.events;

/**
 * Marker of events on the {@link EventBus}. Events are immutable records (for example an S3 {@code
 * ObjectCreated} that a Lambda trigger consumes), since several handlers on other threads read the
 * same instance.
 */
public interface BasinEvent {}
