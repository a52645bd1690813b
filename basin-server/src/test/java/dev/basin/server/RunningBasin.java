package dev.basin.server;

import dev.basin.core.clock.TestClock;
import dev.basin.core.config.BasinConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/** A Basin started in this JVM on a free port with a fresh data directory, for one test class. */
final class RunningBasin implements AutoCloseable {
  final BasinServer server;
  final Path dataDir;
  private final String[] options;

  private RunningBasin(BasinServer server, Path dataDir, String[] options) {
    this.server = server;
    this.dataDir = dataDir;
    this.options = options;
  }

  static RunningBasin start(String... options) throws Exception {
    return start(Files.createTempDirectory("basin-it-"), options);
  }

  private static RunningBasin start(Path dataDir, String... options) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("BASIN_DATA_DIR", dataDir.toString());
    env.put("BASIN_PORT", "0");
    env.put("BASIN_ACCESS_LOG", "0");
    return new RunningBasin(BasinServer.start(BasinConfig.parse(options, env)), dataDir, options);
  }

  /**
   * Stops this Basin cleanly and starts another on the same data directory and options (on a new
   * port); the returned one owns the directory.
   */
  RunningBasin restart() throws Exception {
    server.close();
    return start(dataDir, options);
  }

  URI endpoint() {
    return URI.create(server.endpoint());
  }

  TestClock testClock() {
    return (TestClock) server.clock();
  }

  /** Points an SDK client builder at this Basin with the root credentials. */
  <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
    return client(builder, "test", "test", Region.US_EAST_1);
  }

  <B extends AwsClientBuilder<B, C>, C> C client(
      B builder, String accessKey, String secret, Region region) {
    builder
        .endpointOverride(endpoint())
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)));
    if (builder
        instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build());
    }
    return builder.build();
  }

  @Override
  public void close() throws IOException {
    server.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
