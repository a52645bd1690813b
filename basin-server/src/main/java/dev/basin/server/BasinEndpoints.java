package dev.basin.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.clock.TestClock;
import dev.basin.core.gateway.InternalEndpoints;
import dev.basin.core.observability.RequestMetrics;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Basin's own endpoints:
 *
 * <ul>
 *   <li>{@code GET /_basin/health}: 200 with each service's state once the server is ready, 503
 *       before;
 *   <li>{@code GET /_basin/metrics}: request counts and latencies per operation;
 *   <li>{@code GET /_basin/clock} and, only with {@code --test-clock}, {@code POST
 *       /_basin/clock/advance?days=N&seconds=M}.
 * </ul>
 */
final class BasinEndpoints implements InternalEndpoints {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> services;
  private final BasinClock clock;
  private final RequestMetrics metrics;
  private final BooleanSupplier ready;

  BasinEndpoints(
      Map<String, String> services,
      BasinClock clock,
      RequestMetrics metrics,
      BooleanSupplier ready) {
    this.services = services;
    this.clock = clock;
    this.metrics = metrics;
    this.ready = ready;
  }

  @Override
  public WireResponse handle(WireRequest request) {
    String path = request.rawPath().substring(PREFIX.length());
    String method = request.method();
    return switch (path) {
      case "health" -> health();
      case "metrics" -> json(200, JSON.valueToTree(Map.of("operations", metrics.snapshot())));
      case "clock" -> json(200, now());
      case "clock/advance" -> "POST".equals(method) ? advance(request) : notFound(request);
      default -> notFound(request);
    };
  }

  private WireResponse health() {
    ObjectNode body = JSON.createObjectNode();
    boolean isReady = ready.getAsBoolean();
    body.put("status", isReady ? "ready" : "starting");
    ObjectNode states = body.putObject("services");
    services.forEach(states::put);
    return json(isReady ? 200 : 503, body);
  }

  private ObjectNode now() {
    ObjectNode body = JSON.createObjectNode();
    body.put("now", clock.now().toString());
    body.put("testClock", clock instanceof TestClock);
    return body;
  }

  private WireResponse advance(WireRequest request) {
    if (!(clock instanceof TestClock testClock)) {
      return notFound(request);
    }
    Duration step;
    try {
      step =
          Duration.ofDays(parse(request.queryParameter("days")))
              .plusHours(parse(request.queryParameter("hours")))
              .plusSeconds(parse(request.queryParameter("seconds")));
    } catch (NumberFormatException e) {
      return error(400, "days, hours and seconds must be whole numbers");
    }
    if (step.isNegative()) {
      return error(400, "Basin's clock only moves forward");
    }
    testClock.advance(step);
    return json(200, now());
  }

  private static long parse(String value) {
    return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
  }

  private static WireResponse notFound(WireRequest request) {
    return error(404, "no such Basin endpoint: " + request.method() + " " + request.rawPath());
  }

  private static WireResponse error(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", message);
    return json(status, body);
  }

  private static WireResponse json(int status, Object body) {
    try {
      return WireResponse.of(status, "application/json", JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
