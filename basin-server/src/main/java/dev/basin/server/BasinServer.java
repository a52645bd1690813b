package dev.basin.server;

import dev.basin.cloudtrail.CloudTrail;
import dev.basin.core.auth.AccessKey;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.SigV4Verifier;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.clock.TestClock;
import dev.basin.core.config.BasinConfig;
import dev.basin.core.events.EventBus;
import dev.basin.core.gateway.Authorizer;
import dev.basin.core.gateway.Gateway;
import dev.basin.core.gateway.RequestListener;
import dev.basin.core.gateway.Service;
import dev.basin.core.http.HttpServer;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.observability.AccessLog;
import dev.basin.core.observability.RequestMetrics;
import dev.basin.core.protocol.ProtocolCodec;
import dev.basin.core.protocol.json.CborCodec;
import dev.basin.core.protocol.json.JsonCodec;
import dev.basin.core.protocol.query.Ec2Codec;
import dev.basin.core.protocol.query.QueryCodec;
import dev.basin.core.protocol.rest.RestJsonCodec;
import dev.basin.core.protocol.rest.RestXmlCodec;
import dev.basin.core.storage.DataDirectory;
import dev.basin.core.storage.SqliteMetadataStore;
import dev.basin.dynamodb.DynamoDbService;
import dev.basin.dynamodb.DynamoDbStreamsService;
import dev.basin.dynamodb.store.DynamoDbStore;
import dev.basin.ec2.Ec2Service;
import dev.basin.iam.BucketPolicySource;
import dev.basin.iam.IamAuthorizer;
import dev.basin.iam.IamCredentialStore;
import dev.basin.iam.IamService;
import dev.basin.iam.IamStore;
import dev.basin.iam.ManagedPolicyCatalog;
import dev.basin.iam.PolicyValidator;
import dev.basin.iam.PrincipalPolicies;
import dev.basin.iam.StsService;
import dev.basin.s3.S3Service;
import dev.basin.s3.S3Settings;
import dev.basin.s3.store.SqliteS3Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Basin assembled: every service module, the protocol codecs, authentication, the request listeners
 * and the HTTP server, wired by hand in this one place so that a reader sees the whole system.
 * Adding a service means adding its module to {@link #services}.
 */
public final class BasinServer implements AutoCloseable {
  private final BasinConfig config;
  private final DataDirectory dataDirectory;
  private final BasinClock clock;
  private final EventBus events;
  private final RequestMetrics metrics;
  private final AccessLog accessLog;
  private final HttpServer http;
  private final List<AutoCloseable> closeables;

  private BasinServer(
      BasinConfig config,
      DataDirectory dataDirectory,
      BasinClock clock,
      EventBus events,
      RequestMetrics metrics,
      AccessLog accessLog,
      HttpServer http,
      List<AutoCloseable> closeables) {
    this.config = config;
    this.dataDirectory = dataDirectory;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.http = http;
    this.closeables = closeables;
  }

  /**
   * Starts Basin and returns once it serves requests.
   *
   * @throws IllegalStateException when the configuration is unsafe (see {@link BasinConfig})
   */
  public static BasinServer start(BasinConfig config) throws Exception {
    if (config.auth()
        && config.bindsBeyondLoopback()
        && config.secretAccessKey().equals(BasinConfig.DEFAULT_SECRET)) {
      throw new IllegalStateException(
          "refusing to listen on "
              + config.host()
              + " with the default root secret 'test': set BASIN_SECRET_ACCESS_KEY (and"
              + " BASIN_ACCESS_KEY_ID) to your own values, or bind to 127.0.0.1");
    }
    DataDirectory dataDirectory = DataDirectory.open(config.dataDir());
    // With --test-clock, Basin's clock runs with the system's plus whatever tests add; request
    // signatures are still checked against the wall clock, which is what clients sign with.
    BasinClock clock = config.testClock() ? TestClock.followingSystem() : BasinClock.SYSTEM;
    EventBus events = new EventBus();
    List<AutoCloseable> closeables = new ArrayList<>();
    AtomicBoolean ready = new AtomicBoolean();
    try {
      SqliteS3Store s3Store =
          SqliteS3Store.open(dataDirectory.serviceDir("s3"), clock, SqliteS3Store.Options.DEFAULT);
      closeables.add(s3Store);
      DynamoDbStore dynamoDbStore =
          DynamoDbStore.open(
              dataDirectory.serviceDir("dynamodb"), SqliteMetadataStore.Options.DEFAULT);
      closeables.add(dynamoDbStore);
      IamStore iamStore =
          IamStore.open(dataDirectory.serviceDir("iam"), SqliteMetadataStore.Options.DEFAULT);
      closeables.add(iamStore);
      IamCredentialStore credentials =
          new IamCredentialStore(
              new AccessKey(
                  config.accessKeyId(),
                  config.secretAccessKey(),
                  null,
                  null,
                  true,
                  Caller.root(config.accountId())),
              iamStore,
              clock);
      List<Service> services = new ArrayList<>();
      ManagedPolicyCatalog awsPolicies =
          ManagedPolicyCatalog.of(dev.basin.iam.policy.ManagedPolicyCatalog.load());
      PrincipalPolicies principalPolicies = new PrincipalPolicies(iamStore, awsPolicies);
      services.add(new StsService(iamStore, clock, PolicyValidator.LIBRARY, principalPolicies));
      services.add(new IamService(iamStore, clock, PolicyValidator.LIBRARY, awsPolicies));
      services.add(new Ec2Service());
      S3Service s3 = new S3Service(s3Store, clock, events, S3Settings.defaults());
      closeables.add(s3); // after the store: closed before it
      services.add(s3);
      DynamoDbService dynamoDb = new DynamoDbService(dynamoDbStore, clock);
      closeables.add(dynamoDb);
      services.add(dynamoDb);
      services.add(new DynamoDbStreamsService(dynamoDbStore, clock));
      CloudTrail cloudTrail =
          CloudTrail.open(
              dataDirectory.serviceDir("cloudtrail"),
              s3Store,
              clock,
              CloudTrail.DEFAULT_DELIVERY_INTERVAL);
      closeables.add(cloudTrail); // after S3: drained and delivered before S3 closes
      services.add(cloudTrail.service());
      Map<String, String> states = new LinkedHashMap<>();
      services.forEach(service -> states.put(service.modelId(), "running"));
      for (String modelId : NOT_IMPLEMENTED) {
        services.add(Service.notImplemented(modelId));
        states.put(modelId, "not_implemented");
      }

      RequestMetrics metrics = new RequestMetrics();
      AccessLog accessLog = config.accessLog() ? new AccessLog(System.out) : null;
      List<RequestListener> listeners = new ArrayList<>();
      listeners.add(metrics);
      listeners.add(credentials);
      listeners.add(cloudTrail.recorder());
      if (accessLog != null) {
        listeners.add(accessLog);
      }
      SigV4Verifier verifier =
          config.auth() ? new SigV4Verifier(credentials, BasinClock.SYSTEM, clock) : null;
      // With --no-auth every request runs as root: nothing to evaluate.
      Authorizer authorizer = Authorizer.ALLOW_ALL;
      if (config.auth()) {
        IamAuthorizer iamAuthorizer =
            new IamAuthorizer(principalPolicies, bucketPolicies(s3Store), clock);
        listeners.add(iamAuthorizer);
        authorizer = iamAuthorizer;
      }
      Gateway gateway =
          new Gateway(
              services,
              new ServiceModelLoader(),
              codecs(),
              verifier,
              authorizer,
              listeners,
              clock,
              new BasinEndpoints(states, clock, metrics, ready::get),
              config.region(),
              config.accountId());
      HttpServer http =
          HttpServer.start(gateway, config.host(), config.port(), config.workerThreads());
      ready.set(true);
      return new BasinServer(
          config, dataDirectory, clock, events, metrics, accessLog, http, closeables);
    } catch (Exception | Error e) {
      events.close();
      closeAll(closeables);
      dataDirectory.close();
      throw e;
    }
  }

  /** Bucket policies for the authorizer, from S3's store; none for a bucket that does not exist. */
  private static BucketPolicySource bucketPolicies(SqliteS3Store store) {
    return bucket -> {
      try {
        return store.getConfig(bucket, "policy");
      } catch (RuntimeException e) {
        return java.util.Optional.empty();
      }
    };
  }

  /**
   * The seed's services that have no module yet: their requests are answered {@code NotImplemented}
   * in their own protocol.
   */
  static final List<String> NOT_IMPLEMENTED =
      List.of(
          "lambda",
          "logs",
          "monitoring",
          "glue",
          "athena",
          "redshift",
          "redshift-data",
          "kinesis",
          "firehose",
          "kinesisanalytics",
          "kinesisanalyticsv2",
          "quicksight");

  static List<ProtocolCodec> codecs() {
    return List.of(
        new QueryCodec(),
        new Ec2Codec(),
        new JsonCodec(),
        new CborCodec(),
        new RestXmlCodec(),
        new RestJsonCodec());
  }

  public int port() {
    return http.port();
  }

  public String endpoint() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port();
  }

  public BasinConfig config() {
    return config;
  }

  public BasinClock clock() {
    return clock;
  }

  public RequestMetrics metrics() {
    return metrics;
  }

  /** Stops serving, finishes running requests, flushes logs and closes the stores. */
  @Override
  public void close() {
    http.close();
    events.close();
    closeAll(closeables);
    if (accessLog != null) {
      accessLog.close();
    }
    dataDirectory.close();
  }

  /** Closes the stores in reverse order of opening; one failing does not keep the others open. */
  private static void closeAll(List<AutoCloseable> closeables) {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        System.getLogger(BasinServer.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + closeables.get(i) + " failed", e);
      }
    }
  }
}
