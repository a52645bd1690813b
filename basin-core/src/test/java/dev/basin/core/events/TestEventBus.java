package dev.basin.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestEventBus {

  sealed interface S3Event extends BasinEvent permits ObjectCreated, ObjectRemoved {}

  record ObjectCreated(String bucket, String key, int seq) implements S3Event {}

  record ObjectRemoved(String bucket, String key) implements S3Event {}

  record Other(int n) implements BasinEvent {}

  private final EventBus bus = new EventBus(2, 100);

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void deliversByTypeIncludingSupertypes() {
    List<Object> created = new CopyOnWriteArrayList<>();
    List<Object> any = new CopyOnWriteArrayList<>();
    bus.subscribe(ObjectCreated.class, created::add);
    bus.subscribe(S3Event.class, any::add);
    bus.publish(new ObjectCreated("b", "k", 1));
    bus.publish(new ObjectRemoved("b", "k"));
    bus.publish(new Other(1));
    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(created).containsExactly(new ObjectCreated("b", "k", 1));
    assertThat(any).containsExactly(new ObjectCreated("b", "k", 1), new ObjectRemoved("b", "k"));
  }

  @Test
  void deliveryIsAsynchronousAndInPublishOrderPerSubscriber() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<Integer> slow = Collections.synchronizedList(new ArrayList<>());
    List<Integer> fast = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(
        ObjectCreated.class,
        e -> {
          await(gate);
          slow.add(e.seq());
        });
    bus.subscribe(ObjectCreated.class, e -> fast.add(e.seq()));
    for (int i = 0; i < 90; i++) {
      bus.publish(new ObjectCreated("b", "k", i)); // returns although the slow handler is blocked
    }
    assertThat(slow).isEmpty();
    gate.countDown();
    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      expected.add(i);
    }
    assertThat(slow).isEqualTo(expected);
    assertThat(fast).isEqualTo(expected);
  }

  @Test
  void aFailingHandlerIsIsolatedAndKeepsItsSubscription() {
    List<Integer> good = new CopyOnWriteArrayList<>();
    List<Integer> flaky = new CopyOnWriteArrayList<>();
    bus.subscribe(
        ObjectCreated.class,
        e -> {
          if (e.seq() % 2 == 0) {
            throw new IllegalStateException("handler bug on " + e.seq());
          }
          flaky.add(e.seq());
        });
    bus.subscribe(ObjectCreated.class, e -> good.add(e.seq()));
    for (int i = 0; i < 6; i++) {
      bus.publish(new ObjectCreated("b", "k", i));
    }
    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(flaky).containsExactly(1, 3, 5);
    assertThat(good).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void closedSubscriptionReceivesNothingMore() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<Integer> got = new CopyOnWriteArrayList<>();
    Subscription s =
        bus.subscribe(
            ObjectCreated.class,
            e -> {
              await(gate);
              got.add(e.seq());
            });
    bus.publish(new ObjectCreated("b", "k", 0)); // running, blocked on the gate
    Thread.sleep(50);
    bus.publish(new ObjectCreated("b", "k", 1)); // queued behind it
    s.close();
    bus.publish(new ObjectCreated("b", "k", 2)); // after close
    gate.countDown();
    assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(got).containsExactly(0);
    s.close(); // idempotent
  }

  @Test
  void handlersMayPublishFollowUpEventsAndCloseDrainsThem() {
    EventBus local = new EventBus(1, 1); // capacity 1: a follow-up must not block the only thread
    List<Object> seen = new CopyOnWriteArrayList<>();
    local.subscribe(
        ObjectCreated.class,
        e -> {
          local.publish(new Other(e.seq()));
          local.publish(new Other(e.seq() + 100));
        });
    local.subscribe(Other.class, seen::add);
    for (int i = 0; i < 5; i++) {
      local.publish(new ObjectCreated("b", "k", i));
    }
    local.close();
    assertThat(seen).hasSize(10).contains(new Other(0), new Other(104));
    assertThatThrownBy(() -> local.publish(new Other(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void publishBlocksWhenFullUntilDeliveriesDrain() throws Exception {
    EventBus small = new EventBus(1, 2);
    CountDownLatch gate = new CountDownLatch(1);
    List<Integer> got = new CopyOnWriteArrayList<>();
    small.subscribe(
        ObjectCreated.class,
        e -> {
          await(gate);
          got.add(e.seq());
        });
    small.publish(new ObjectCreated("b", "k", 0));
    small.publish(new ObjectCreated("b", "k", 1));
    Thread publisher = new Thread(() -> small.publish(new ObjectCreated("b", "k", 2)));
    publisher.start();
    publisher.join(200);
    assertThat(publisher.isAlive()).as("third publish waits for room").isTrue();
    gate.countDown();
    publisher.join(10_000);
    assertThat(publisher.isAlive()).isFalse();
    small.close();
    assertThat(got).containsExactly(0, 1, 2);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate not opened");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
