package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Basin started by the README's command, {@code ./basin start}, as a child process (the jar that
 * {@code mvn package} built, no rebuild), and the real aws CLI v2 ({@code /usr/bin/aws}, Debian's
 * awscli) pointed at it: the harness of the scenario tests.
 */
final class BasinProcess implements AutoCloseable {
  static final Path AWS = Path.of("/usr/bin/aws");
  private static final Pattern READY = Pattern.compile("Basin is ready on (http://\\S+)");

  private final Process process;
  private final Thread reader;
  private final List<String> output;
  private final String endpoint;
  private final Path dataDir;

  private BasinProcess(
      Process process, Thread reader, List<String> output, String endpoint, Path dataDir) {
    this.process = process;
    this.reader = reader;
    this.output = output;
    this.endpoint = endpoint;
    this.dataDir = dataDir;
  }

  /** Starts {@code ./basin start --port 0 options...} on a fresh data directory. */
  static BasinProcess start(String... options) throws Exception {
    assertThat(AWS).as("the aws CLI v2 (Debian package awscli) is required").isExecutable();
    Path root = Path.of("").toAbsolutePath().getParent();
    Path jar = root.resolve("basin-server/target/basin.jar");
    assertThat(jar).as("mvn package builds the jar before integration tests").exists();
    Path dataDir = Files.createTempDirectory("basin-cli-");
    List<String> command = new ArrayList<>(List.of(root.resolve("basin").toString(), "start"));
    command.addAll(List.of("--port", "0"));
    command.addAll(Arrays.asList(options));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("BASIN_NO_BUILD", "1");
    builder.environment().put("BASIN_JAR", jar.toString());
    builder.environment().put("BASIN_DATA_DIR", dataDir.toString());
    Process process = builder.start();
    List<String> output = new ArrayList<>();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher matcher = READY.matcher(line);
                  if (matcher.find()) {
                    ready.complete(matcher.group(1));
                  }
                }
                ready.completeExceptionally(new IOException("basin exited: " + output));
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return new BasinProcess(process, reader, output, ready.get(60, TimeUnit.SECONDS), dataDir);
  }

  String endpoint() {
    return endpoint;
  }

  Path dataDir() {
    return dataDir;
  }

  /** What Basin printed so far. */
  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** An aws CLI run: its exit code and what it printed. */
  record Result(int exit, String stdout, String stderr) {}

  /** Runs {@code aws --endpoint-url <basin> arguments...} with the root credentials. */
  Result aws(String... arguments) throws Exception {
    return awsAs("test", "test", arguments);
  }

  /** Runs the aws CLI with the given credentials and no configuration files. */
  Result awsAs(String accessKeyId, String secretAccessKey, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", endpoint));
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", accessKeyId);
    env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
    env.remove("AWS_SESSION_TOKEN");
    env.remove("AWS_PROFILE");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_PAGER", "");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_MAX_ATTEMPTS", "1"); // an error is reported, not retried away
    Process cli = builder.start();
    cli.getOutputStream().close();
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(() -> readAll(cli.getErrorStream()));
    String stdout = readAll(cli.getInputStream());
    assertThat(cli.waitFor(120, TimeUnit.SECONDS)).as("aws %s finished", arguments).isTrue();
    return new Result(cli.exitValue(), stdout, stderr.get());
  }

  /** {@link #aws(String...)} that must succeed; returns its standard output. */
  String ok(String... arguments) throws Exception {
    Result result = aws(arguments);
    assertThat(result.exit())
        .as("aws %s failed: %s", String.join(" ", arguments), result.stderr())
        .isZero();
    return result.stdout();
  }

  /**
   * Stops Basin as Ctrl-C would (SIGTERM; through the process handle, because {@code
   * Process.destroy()} also closes our end of its output and loses the last lines), and checks it
   * stopped cleanly.
   */
  @Override
  public void close() throws Exception {
    process.toHandle().destroy();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    reader.join(5000);
    assertThat(output())
        .as("exit %d, output %s", process.exitValue(), output())
        .anyMatch(line -> line.contains("basin: stopped"));
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
