package dev.basin.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Basin's settings. Each has a command-line option and an environment variable; the option wins.
 *
 * @param host address to bind ({@code --bind}, {@code BASIN_BIND}), 127.0.0.1 by default
 * @param port port ({@code --port}, {@code BASIN_PORT}), 4566 by default; 0 picks a free one
 * @param dataDir where all state lives ({@code --data-dir}, {@code BASIN_DATA_DIR})
 * @param testClock expose {@code POST /_basin/clock/advance} ({@code --test-clock}, {@code
 *     BASIN_TEST_CLOCK=1})
 * @param auth check signatures and policies; {@code --no-auth} / {@code BASIN_NO_AUTH=1} turns both
 *     off
 * @param accountId the account ({@code BASIN_ACCOUNT_ID}), 000000000000 by default
 * @param region the default region ({@code --region}, {@code BASIN_REGION}), us-east-1
 * @param accessKeyId the root access key ({@code BASIN_ACCESS_KEY_ID}), {@code test}
 * @param secretAccessKey the root secret ({@code BASIN_SECRET_ACCESS_KEY}), {@code test}
 * @param workerThreads most threads that run handlers, including those waiting on disk or other
 *     threads ({@code BASIN_WORKER_THREADS}), 64; one per core runs at a time
 * @param accessLog write one log line per request to stdout ({@code --quiet} / {@code
 *     BASIN_ACCESS_LOG=0} turn it off)
 */
public record BasinConfig(
    String host,
    int port,
    Path dataDir,
    boolean testClock,
    boolean auth,
    String accountId,
    String region,
    String accessKeyId,
    String secretAccessKey,
    int workerThreads,
    boolean accessLog) {

  public static final String DEFAULT_SECRET = "test";

  public static BasinConfig defaults() {
    return parse(new String[0], Map.of());
  }

  /**
   * Reads options from {@code args} over variables from {@code env}.
   *
   * @throws IllegalArgumentException on an unknown option or a bad value, with a message for the
   *     user
   */
  public static BasinConfig parse(String[] args, Map<String, String> env) {
    String host = env.getOrDefault("BASIN_BIND", "127.0.0.1");
    String port = env.getOrDefault("BASIN_PORT", "4566");
    String dataDir = env.getOrDefault("BASIN_DATA_DIR", ".basin-data");
    boolean testClock = truthy(env.get("BASIN_TEST_CLOCK"));
    boolean auth = !truthy(env.get("BASIN_NO_AUTH"));
    String region = env.getOrDefault("BASIN_REGION", "us-east-1");
    boolean accessLog = !"0".equals(env.get("BASIN_ACCESS_LOG"));
    List<String> rest = new ArrayList<>(List.of(args));
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        value = arg.substring(equals + 1);
        arg = arg.substring(0, equals);
      }
      switch (arg) {
        case "--port" -> port = value != null ? value : next(rest, ++i, arg);
        case "--bind" -> host = value != null ? value : next(rest, ++i, arg);
        case "--data-dir" -> dataDir = value != null ? value : next(rest, ++i, arg);
        case "--region" -> region = value != null ? value : next(rest, ++i, arg);
        case "--test-clock" -> testClock = true;
        case "--no-auth" -> auth = false;
        case "--quiet" -> accessLog = false;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    int portNumber;
    try {
      portNumber = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, not " + port);
    }
    if (portNumber < 0 || portNumber > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
    }
    int workers = Integer.parseInt(env.getOrDefault("BASIN_WORKER_THREADS", "64"));
    return new BasinConfig(
        host,
        portNumber,
        Path.of(dataDir).toAbsolutePath().normalize(),
        testClock,
        auth,
        env.getOrDefault("BASIN_ACCOUNT_ID", "000000000000"),
        region,
        env.getOrDefault("BASIN_ACCESS_KEY_ID", "test"),
        env.getOrDefault("BASIN_SECRET_ACCESS_KEY", DEFAULT_SECRET),
        workers,
        accessLog);
  }

  /** True when the server would listen beyond this machine's loopback interface. */
  public boolean bindsBeyondLoopback() {
    return !(host.equals("127.0.0.1")
        || host.equals("localhost")
        || host.equals("::1")
        || host.startsWith("127."));
  }

  private static String next(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  private static boolean truthy(String value) {
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }
}
