package dev.basin.server;

import dev.basin.core.config.BasinConfig;
import java.util.concurrent.CountDownLatch;

/** {@code basin start [options]}: runs Basin in the foreground until interrupted. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    BasinConfig config;
    try {
      config = BasinConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("basin: " + e.getMessage());
      System.err.println(
          "usage: basin start [--port 4566] [--bind 127.0.0.1] [--data-dir DIR] [--region R]"
              + " [--test-clock] [--no-auth] [--quiet]");
      System.exit(2);
      return;
    }
    BasinServer server;
    try {
      server = BasinServer.start(config);
    } catch (IllegalStateException e) {
      System.err.println("basin: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("basin: stopping");
                  System.out.flush();
                  server.close();
                  System.out.println("basin: stopped");
                  System.out.flush();
                  stopped.countDown();
                },
                "basin-shutdown"));
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "Basin is ready on %s (started in %d ms)%n"
            + "  data dir     %s%n"
            + "  account      %s, region %s%n"
            + "  credentials  %s%n"
            + "  test clock   %s%n"
            + "  try          aws --endpoint-url %s sts get-caller-identity%n",
        server.endpoint(),
        millis,
        config.dataDir(),
        config.accountId(),
        config.region(),
        config.auth()
            ? "AWS_ACCESS_KEY_ID="
                + config.accessKeyId()
                + " AWS_SECRET_ACCESS_KEY="
                + (config.secretAccessKey().equals(BasinConfig.DEFAULT_SECRET)
                    ? BasinConfig.DEFAULT_SECRET
                    : "(as set in BASIN_SECRET_ACCESS_KEY)")
            : "not checked (--no-auth)",
        config.testClock() ? "on: POST /_basin/clock/advance?days=N" : "off",
        server.endpoint());
    System.out.flush();
    stopped.await();
  }
}
