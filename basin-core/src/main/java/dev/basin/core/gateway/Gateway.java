package dev.basin.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.auth.AccessKey;
import dev.basin.core.auth.Authentication;
import dev.basin.core.auth.AuthenticationException;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.SigV4Verifier;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.InputValidator;
import dev.basin.core.protocol.ProtocolCodec;
import dev.basin.core.protocol.ProtocolErrors;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.Timestamps;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The request chain every AWS call goes through, in one place:
 *
 * <pre>
 *   receive ─▶ resolve service ─▶ [service intercept] ─▶ authenticate
 *           ─▶ resolve operation, decode, validate ─▶ authorize ─▶ dispatch to the handler
 *           ─▶ encode result or error ─▶ [service response headers] ─▶ record
 * </pre>
 *
 * Authentication comes before decoding, as at AWS: an unsigned or badly signed request learns
 * nothing about its body, and authentication is what removes aws-chunked framing from the body.
 * Every failure on the way is an {@link AwsException} encoded once, by the service's codec.
 */
public final class Gateway {
  private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

  private final ServiceRouter router;
  private final Map<Protocol, ProtocolCodec> codecs;
  private final SigV4Verifier verifier;
  private final Authorizer authorizer;
  private final List<RequestListener> listeners;
  private final BasinClock clock;
  private final InternalEndpoints internal;
  private final String defaultRegion;
  private final String accountId;
  private final boolean authEnabled;

  /**
   * @param verifier the SigV4 verifier, or null to switch authentication off ({@code --no-auth}):
   *     every request then runs as the account's root
   */
  public Gateway(
      List<Service> services,
      ServiceModelLoader models,
      List<ProtocolCodec> codecs,
      SigV4Verifier verifier,
      Authorizer authorizer,
      List<RequestListener> listeners,
      BasinClock clock,
      InternalEndpoints internal,
      String defaultRegion,
      String accountId) {
    // Models are parsed in parallel: with every service's model this is most of start-up.
    List<ServiceBinding> bindings =
        services.parallelStream()
            .map(service -> new ServiceBinding(service, models.load(service.modelId())))
            .toList();
    this.router = new ServiceRouter(bindings);
    this.codecs = new EnumMap<>(Protocol.class);
    codecs.forEach(codec -> this.codecs.put(codec.protocol(), codec));
    this.verifier = verifier;
    this.authEnabled = verifier != null;
    this.authorizer = authorizer;
    this.listeners = List.copyOf(listeners);
    this.clock = clock;
    this.internal = internal;
    this.defaultRegion = defaultRegion;
    this.accountId = accountId;
  }

  /**
   * Whether the body of a request with these headers should stream to its handler rather than be
   * buffered first. Only S3 streams: its bodies are objects of any size; every other service's
   * bodies are bounded by AWS and their signatures cover a hash of the whole body.
   */
  public boolean streamsBody(WireRequest headersOnly) {
    if (internal.handles(headersOnly)) {
      return false;
    }
    ServiceRouter.Route route = router.route(headersOnly, SigV4Verifier.scope(headersOnly));
    return route != null && router.isS3(route.binding());
  }

  public WireResponse handle(WireRequest request) {
    long startNanos = System.nanoTime();
    if (internal.handles(request)) {
      return internal.handle(request);
    }
    String requestId = newRequestId();
    RequestContext context =
        new RequestContext(requestId, clock.now(), startNanos, request, defaultRegion, accountId);
    WireResponse response;
    AwsException failure = null;
    ProtocolCodec codec = null;
    ServiceBinding binding = null;
    try {
      ServiceRouter.Route route = router.route(request, SigV4Verifier.scope(request));
      if (route == null) {
        throw new AwsException(
            "UnknownService", 400, "Basin has no service that matches this request");
      }
      codec = codecs.get(route.protocol());
      if (codec == null) {
        throw new AwsException(
            "NotImplemented", 501, false, "Basin does not speak " + route.protocol() + " yet");
      }
      binding = route.binding();
      context.service(binding.model(), route.protocol());
      response = dispatch(context, binding, codec);
    } catch (AwsException e) {
      failure = e;
      response = encodeError(context, codec, e);
    } catch (AuthenticationException e) {
      failure =
          AuthErrors.toAwsError(
              context.protocol() != null ? context.protocol() : Protocol.REST_XML, e);
      response = encodeError(context, codec, failure);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "request " + requestId + " failed", e);
      failure = new AwsException("InternalFailure", 500, false, "Basin failed: " + e);
      response = encodeError(context, codec, failure);
    }
    if (binding != null) {
      try {
        response = binding.service().finishResponse(context, response);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "request " + requestId + ": finishing the response failed", e);
      }
    }
    if (!response.headers().contains("Server")) {
      response
          .headers()
          .set("Server", binding != null ? binding.service().serverHeader() : "Basin");
    }
    addCommonHeaders(response, requestId);
    record(context, response.status(), failure, startNanos);
    return response;
  }

  private WireResponse dispatch(
      RequestContext context, ServiceBinding binding, ProtocolCodec codec) {
    WireResponse intercepted = binding.service().intercept(context);
    if (intercepted != null) {
      return intercepted;
    }
    authenticate(context, binding);
    if (context.protocol() != Protocol.REST_XML) {
      context.request(ContentCodings.decodeRequest(context.request(), context.protocol()));
    }
    ServiceModel model = binding.model();
    OperationModel operation = codec.resolveOperation(model, context.request());
    context.operation(operation);
    if (context.caller().type() == dev.basin.core.auth.CallerType.ANONYMOUS
        && !binding.service().acceptsAnonymous(operation.name())) {
      throw AuthErrors.toAwsError(
          context.protocol(),
          new AuthenticationException(
              dev.basin.core.auth.AuthFailure.MISSING, "Request is missing Authentication Token"));
    }
    ObjectNode input = codec.decodeInput(model, operation, context.request());
    context.input(input);
    InputValidator.validate(
        context.protocol(), operation.input(), input, binding.service()::checksModelConstraints);
    authorizer.authorize(context, input);
    OperationHandler handler = binding.service().operations().get(operation.name());
    if (handler == null) {
      throw ProtocolErrors.notImplemented(model.serviceId(), operation.name());
    }
    JsonNode output = handler.handle(context, input);
    context.output(output);
    return codec.encodeOutput(model, operation, output, meta(context));
  }

  private void authenticate(RequestContext context, ServiceBinding binding) {
    if (!authEnabled) {
      context.authenticated(null, Caller.root(accountId), null);
      return;
    }
    Authentication authentication = verifier.verify(context.request());
    if (authentication == null) {
      context.authenticated(null, Caller.anonymous(accountId), null);
      return;
    }
    AccessKey key = authentication.key();
    context.request(authentication.request());
    context.authenticated(authentication.region(), key.caller(), key);
  }

  private WireResponse encodeError(
      RequestContext context, ProtocolCodec codec, AwsException error) {
    if (codec == null) {
      // No service matched: answer in S3's XML form, the endpoint's default service.
      codec = codecs.get(Protocol.REST_XML);
    }
    ServiceModel model = context.service();
    return codec.encodeError(model, context.operation(), error, meta(context));
  }

  private static ResponseMeta meta(RequestContext context) {
    return new ResponseMeta(context.requestId(), "HEAD".equals(context.request().method()));
  }

  private void addCommonHeaders(WireResponse response, String requestId) {
    response.headers().set("x-amz-request-id", requestId);
    response.headers().set("x-amzn-RequestId", requestId);
    response.headers().set("x-amz-id-2", requestId);
    // The wall-clock time, not Basin's (movable) clock: SDKs correct their signing clock from it.
    response
        .headers()
        .set("Date", Timestamps.format(java.time.Instant.now(), TimestampFormat.RFC_822));
  }

  private void record(RequestContext context, int status, AwsException failure, long startNanos) {
    if (listeners.isEmpty()) {
      return;
    }
    WireRequest request = context.request();
    RequestRecord record =
        new RequestRecord(
            context.requestId(),
            context.receivedAt(),
            context.service() == null ? "-" : context.service().id(),
            context.operation() == null ? "-" : context.operation().name(),
            context.region(),
            status,
            failure == null ? null : failure.code(),
            failure == null ? null : failure.getMessage(),
            System.nanoTime() - startNanos,
            request.remoteAddress(),
            request.header("User-Agent"),
            context.accessKey() == null ? null : context.accessKey().accessKeyId(),
            context.caller(),
            context.service(),
            context.operation(),
            context.input(),
            failure == null ? context.output() : null);
    for (RequestListener listener : listeners) {
      try {
        listener.onRequest(record);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "request listener failed", e);
      }
    }
  }

  /** AWS-style request ids: 16 upper-case hex characters for S3, used by every service here. */
  private static String newRequestId() {
    long random = ThreadLocalRandom.current().nextLong();
    String hex = Long.toHexString(random).toUpperCase(java.util.Locale.ROOT);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
