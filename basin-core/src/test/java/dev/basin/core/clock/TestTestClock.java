package dev.basin.core.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TestTestClock {

  @Test
  void startsAtSystemTimeAndStandsStill() throws Exception {
    Instant before = Instant.now();
    TestClock clock = new TestClock();
    Instant after = Instant.now();
    assertThat(clock.now()).isBetween(before, after);
    Instant t = clock.now();
    Thread.sleep(5);
    assertThat(clock.now()).isEqualTo(t);
    assertThat(clock.millis()).isEqualTo(t.toEpochMilli());
  }

  @Test
  void advancesAndSetsForwardOnly() {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    TestClock clock = new TestClock(start);
    assertThat(clock.advance(Duration.ofDays(2))).isEqualTo(start.plus(Duration.ofDays(2)));
    assertThat(clock.now()).isEqualTo(Instant.parse("2024-01-03T00:00:00Z"));
    clock.set(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(clock.now()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.set(Instant.parse("2024-01-31T23:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.now()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
  }

  @Test
  void listenersAreCalledAfterEachMoveWithTheNewTimeVisible() {
    TestClock clock = new TestClock(Instant.EPOCH);
    List<String> calls = new ArrayList<>();
    ClockListener first =
        (prev, now) -> calls.add("first " + prev + " -> " + now + " seen " + clock.now());
    clock.addListener(first);
    clock.addListener((prev, now) -> calls.add("second " + now));
    clock.advance(Duration.ofSeconds(10));
    clock.advance(Duration.ZERO); // no move, no call
    clock.set(clock.now()); // no move, no call
    clock.removeListener(first);
    clock.set(Instant.EPOCH.plusSeconds(60));
    assertThat(calls)
        .containsExactly(
            "first 1970-01-01T00:00:00Z -> 1970-01-01T00:00:10Z seen 1970-01-01T00:00:10Z",
            "second 1970-01-01T00:00:10Z",
            "second 1970-01-01T00:01:00Z");
  }

  @Test
  void aThrowingListenerDoesNotStopTheOthersAndReachesTheMover() {
    TestClock clock = new TestClock(Instant.EPOCH);
    List<Instant> seen = new ArrayList<>();
    clock.addListener(
        (prev, now) -> {
          throw new IllegalStateException("engine failed");
        });
    clock.addListener((prev, now) -> seen.add(now));
    assertThatThrownBy(() -> clock.advance(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("engine failed");
    assertThat(seen).containsExactly(Instant.EPOCH.plusSeconds(60));
    assertThat(clock.now()).isEqualTo(Instant.EPOCH.plusSeconds(60));
  }

  @Test
  void concurrentMovesAreSerializedAndListenersSeeIncreasingTimes() throws Exception {
    TestClock clock = new TestClock(Instant.EPOCH);
    List<Instant[]> moves = new CopyOnWriteArrayList<>();
    clock.addListener((prev, now) -> moves.add(new Instant[] {prev, now}));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  clock.advance(Duration.ofMillis(1));
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(clock.now()).isEqualTo(Instant.EPOCH.plusMillis(4000));
    assertThat(moves).hasSize(4000);
    for (int i = 0; i < moves.size(); i++) {
      Instant[] m = moves.get(i);
      assertThat(m[1]).isAfter(m[0]);
      if (i > 0) {
        assertThat(m[0]).isEqualTo(moves.get(i - 1)[1]);
      }
    }
  }
}
