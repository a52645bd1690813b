package dev.basin.s3.notification;

import dev.basin.s3.notification.NotificationConfiguration.Target;
import java.util.ArrayList;
import java.util.List;

/** Finds the destinations of an S3 event and makes one bus event per destination. */
public final class NotificationMatcher {

  private NotificationMatcher() {}

  /**
   * The configurations that want {@code eventName} (e.g. {@code ObjectCreated:Put}) on {@code key}.
   */
  public static List<Target> matching(
      NotificationConfiguration config, String eventName, String key) {
    List<Target> matches = null;
    for (Target target : config.targets()) {
      if (target.matches(eventName, key)) {
        if (matches == null) {
          matches = new ArrayList<>(2);
        }
        matches.add(target);
      }
    }
    return matches == null ? List.of() : matches;
  }

  /**
   * The events to publish for {@code event}: one per matching configuration, plus one for
   * EventBridge when it is on (EventBridge receives every event; its own rules filter them).
   */
  public static List<S3ObjectEvent> events(NotificationConfiguration config, S3EventRecord event) {
    List<Target> targets = matching(config, event.eventName(), event.key());
    if (targets.isEmpty() && !config.eventBridge()) {
      return List.of();
    }
    List<S3ObjectEvent> events = new ArrayList<>(targets.size() + 1);
    for (Target t : targets) {
      events.add(
          new S3ObjectEvent(
              event.bucket(),
              event.key(),
              event.eventName(),
              t.id(),
              t.type(),
              t.arn(),
              event.toMessage(t.id())));
    }
    if (config.eventBridge()) {
      events.add(
          new S3ObjectEvent(
              event.bucket(),
              event.key(),
              event.eventName(),
              null,
              null,
              null,
              event.toMessage(null)));
    }
    return events;
  }
}
