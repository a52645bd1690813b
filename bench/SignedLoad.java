import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Cheap closed-loop HTTP load generator for the DynamoDB benchmark, signing every request.
 *
 * <p>Why: the SDK v2 async client (bench/DynamoDbLoad.java) spends so much CPU per call that on a
 * 2-core machine it, not Basin, sets the ceiling; wrk is cheap but replays one pre-signed request.
 * This program signs each request afresh with the SDK's own SigV4 signer ({@link AwsV4HttpSigner}:
 * new X-Amz-Date, signature over that request's own body, random key per request), so Basin
 * verifies a real signature on every call, and does everything else by hand: one selector thread, N
 * persistent HTTP/1.1 keep-alive connections (N = concurrency), each with exactly one request
 * outstanding, request bytes serialized into reused buffers, responses parsed (Content-Length or
 * chunked) without copying.
 *
 * <p>What it measures, per phase (3 s warm-up, 10 s for the first phase, then the measured window): completed requests per
 * second, latency from just before signing to the last response byte (log-linear histogram, 1 µs
 * steps below 1 ms, ~0.2% above, capped at 10 s), responses other than 200 (errors), and the
 * generator's own CPU time per request, which is what it takes from the cores it shares with Basin.
 * Output: one {@code BENCH ...} line per phase.
 *
 * <p>Usage: {@code java -cp CLASSPATH bench/SignedLoad.java ENDPOINT [seconds-per-phase]
 * [concurrencies]}, e.g. {@code http://127.0.0.1:4578 10 8,32}. Setup (tables and items) always
 * signs with test/test; the environment variable SIGNED_LOAD_SECRET replaces the secret key for the
 * measured phases only, to check that Basin really rejects bad signatures, and SIGNED_LOAD_OPS
 * (comma-separated phase names) runs only those phases.
 */
public final class SignedLoad {
  private static final int KEYS = 10_000;
  private static final int QUERY_ITEMS = 1_000;
  private static final long WARM_UP_NANOS = 3_000_000_000L;
  /** The first phase also warms up both JITs (Basin's and this program's): longer. */
  private static final long FIRST_WARM_UP_NANOS = 10_000_000_000L;
  private static final String JSON = "application/x-amz-json-1.0";
  private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
  private static final String PAYLOAD = "x".repeat(1000);

  /** One kind of request: where it is signed, its headers and a fresh body per call. */
  record Op(
      String name,
      String service,
      String contentType,
      String target,
      Supplier<String> body,
      String expect) {}

  private final URI endpoint;
  private final InetSocketAddress address;
  private final Selector selector;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsIdentity setupIdentity =
      AwsCredentialsIdentity.create("test", "test");
  private final AwsCredentialsIdentity loadIdentity;
  private final SplittableRandom random = new SplittableRandom();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  // State of the running phase (only the selector thread touches it).
  private Op op;
  private AwsCredentialsIdentity identity;
  private boolean sync;
  private long measureFrom;
  private long measureTo;
  private Histogram histogram;
  private long errors;
  private boolean checked;
  private boolean errorPrinted;
  private boolean firstPhase = true;

  private SignedLoad(URI endpoint, String secret) throws IOException {
    this.endpoint = endpoint;
    this.address = new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
    this.selector = Selector.open();
    this.loadIdentity = AwsCredentialsIdentity.create("test", secret);
  }

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String concurrencies = args.length > 2 ? args[2] : "8,32";
    String secret = System.getenv().getOrDefault("SIGNED_LOAD_SECRET", "test");
    SignedLoad load = new SignedLoad(endpoint, secret);
    load.setUp();
    String only = System.getenv().getOrDefault("SIGNED_LOAD_OPS", "");
    List<Op> ops =
        ops(load.random).stream()
            .filter(o -> only.isEmpty() || List.of(only.split(",")).contains(o.name))
            .toList();
    for (String c : concurrencies.split(",")) {
      for (Op op : ops) {
        load.phase(op, Integer.parseInt(c.trim()), seconds);
      }
    }
  }

  private static Op dynamo(String name, String operation, Supplier<String> body, String expect) {
    return new Op(name, "dynamodb", JSON, "DynamoDB_20120810." + operation, body, expect);
  }

  /** JSON written with single quotes, for legibility. */
  private static String q(String json) {
    return json.replace('\'', '"');
  }

  private static List<Op> ops(SplittableRandom random) {
    String put = q("{'TableName':'BenchItems','Item':{'id':{'S':'k");
    String putRest = q("'},'data':{'S':'" + PAYLOAD + "'}}}");
    String get = q("{'TableName':'BenchItems','Key':{'id':{'S':'k");
    String query =
        q("{'TableName':'BenchQuery','KeyConditionExpression':'pk = :p AND sk BETWEEN :a AND :b',")
            + q("'ExpressionAttributeValues':{':p':{'S':'q0'},':a':{'N':'");
    String queryMiddle = q("'},':b':{'N':'");
    String end = q("'}}}");
    return List.of(
        new Op(
            "sts_get_caller_identity",
            "sts",
            FORM,
            null,
            () -> "Action=GetCallerIdentity&Version=2011-06-15",
            null),
        dynamo("put_item_1kb", "PutItem", () -> put + random.nextInt(KEYS) + putRest, null),
        dynamo("get_item_1kb", "GetItem", () -> get + random.nextInt(KEYS) + end, null),
        dynamo(
            "query_100_of_1000",
            "Query",
            () -> {
              int from = random.nextInt(QUERY_ITEMS - 99);
              return query + from + queryMiddle + (from + 99) + end;
            },
            q("'Count':100,")));
  }

  /** Both tables (existing ones are kept), all GetItem keys, one 1,000-item query partition. */
  private void setUp() throws IOException {
    Conn c = connect();
    String create =
        q("{'TableName':'%s','KeySchema':[%s],'AttributeDefinitions':[%s],")
            + q("'BillingMode':'PAY_PER_REQUEST'}");
    call(
        c,
        "CreateTable",
        create.formatted(
            "BenchItems",
            q("{'AttributeName':'id','KeyType':'HASH'}"),
            q("{'AttributeName':'id','AttributeType':'S'}")),
        true);
    call(
        c,
        "CreateTable",
        create.formatted(
            "BenchQuery",
            q("{'AttributeName':'pk','KeyType':'HASH'},{'AttributeName':'sk','KeyType':'RANGE'}"),
            q(
                "{'AttributeName':'pk','AttributeType':'S'},{'AttributeName':'sk','AttributeType':'N'}")),
        true);
    for (String table : List.of("BenchItems", "BenchQuery")) {
      while (!call(c, "DescribeTable", q("{'TableName':'%s'}").formatted(table), false)
          .contains(q("'TableStatus':'ACTIVE'"))) {
        sleep(100);
      }
    }
    String item = q("{'id':{'S':'k%d'},'data':{'S':'" + PAYLOAD + "'}}");
    String queryItem = q("{'pk':{'S':'q0'},'sk':{'N':'%d'},'data':{'S':'" + "x".repeat(80) + "'}}");
    for (int start = 0; start < KEYS + QUERY_ITEMS; start += 25) {
      boolean forQuery = start >= KEYS;
      StringJoiner puts =
          new StringJoiner(
              ",",
              q("{'RequestItems':{'%s':[").formatted(forQuery ? "BenchQuery" : "BenchItems"),
              "]}}");
      for (int i = start; i < start + 25; i++) {
        puts.add(
            q("{'PutRequest':{'Item':%s}}")
                .formatted(forQuery ? queryItem.formatted(i - KEYS) : item.formatted(i)));
      }
      String response = call(c, "BatchWriteItem", puts.toString(), false);
      if (!response.contains(q("'UnprocessedItems':{}"))) {
        throw new IllegalStateException("BatchWriteItem left items unprocessed: " + response);
      }
    }
    c.channel.close();
  }

  /** One DynamoDB call, waited for; its body. Fails on a non-200 (unless the table exists). */
  private String call(Conn c, String operation, String body, boolean tableMayExist)
      throws IOException {
    op = dynamo(operation, operation, () -> body, null);
    identity = setupIdentity;
    sync = true;
    send(c);
    while (c.busy) {
      selector.select(1000);
      handleReady();
    }
    String response = c.syncBody;
    if (c.syncStatus != 200
        && !(tableMayExist && c.syncStatus == 400 && response.contains("ResourceInUseException"))) {
      throw new IllegalStateException(operation + " -> " + c.syncStatus + ": " + response);
    }
    return response;
  }

  /** Warm-up, then the measured window; prints the phase's BENCH line. */
  private void phase(Op phaseOp, int concurrency, int seconds) throws IOException {
    op = phaseOp;
    identity = loadIdentity;
    sync = false;
    histogram = new Histogram();
    errors = 0;
    checked = false;
    errorPrinted = false;
    List<Conn> conns = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      conns.add(connect());
    }
    long start = System.nanoTime();
    measureFrom = start + (firstPhase ? FIRST_WARM_UP_NANOS : WARM_UP_NANOS);
    firstPhase = false;
    measureTo = measureFrom + seconds * 1_000_000_000L;
    for (Conn c : conns) {
      send(c);
    }
    long cpuFrom = -1;
    long cpuTo = -1;
    while (true) {
      selector.select(5);
      handleReady();
      long now = System.nanoTime();
      if (cpuFrom < 0 && now >= measureFrom) {
        cpuFrom = os.getProcessCpuTime();
        checked = false; // the check below applies to the measured window
      }
      if (now >= measureTo) {
        if (cpuTo < 0) {
          cpuTo = os.getProcessCpuTime();
        }
        if (conns.stream().noneMatch(c -> c.busy) || now > measureTo + 10_000_000_000L) {
          break;
        }
      }
    }
    for (Conn c : conns) {
      c.channel.close();
    }
    if (op.expect != null && !checked) {
      errors++; // no measured response carried the expected content
    }
    long requests = histogram.count();
    System.out.printf(
        "BENCH op=%s generator=signed_nio conc=%d ops_per_s=%d p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f"
            + " errors=%d gen_cpu_us_per_req=%.1f%n",
        op.name,
        concurrency,
        requests * 1_000_000_000L / (measureTo - measureFrom),
        histogram.percentile(0.5) / 1000.0,
        histogram.percentile(0.99) / 1000.0,
        histogram.percentile(0.999) / 1000.0,
        errors,
        requests == 0 ? 0.0 : (cpuTo - cpuFrom) / 1000.0 / requests);
  }

  private Conn connect() throws IOException {
    Conn c = new Conn();
    open(c);
    return c;
  }

  /** A new non-blocking TCP_NODELAY connection for {@code c}, registered for reads. */
  private void open(Conn c) throws IOException {
    c.channel = SocketChannel.open(address);
    c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    c.channel.configureBlocking(false);
    c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
  }

  /** Signs a fresh request of the current op and starts writing it. */
  private void send(Conn c) throws IOException {
    c.started = System.nanoTime();
    c.busy = true;
    byte[] body = op.body.get().getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest.Builder b =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .encodedPath("/")
            .putHeader("Content-Type", op.contentType)
            .putHeader("Content-Length", Integer.toString(body.length));
    if (op.target != null) {
      b.putHeader("X-Amz-Target", op.target);
    }
    SdkHttpRequest unsigned = b.build();
    SdkHttpRequest signed =
        signer
            .sign(
                r ->
                    r.identity(identity)
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, op.service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
            .request();
    ByteBuffer out = c.out;
    out.clear();
    ascii(out, "POST / HTTP/1.1\r\n");
    signed.forEachHeader(
        (name, values) -> {
          ascii(out, name);
          ascii(out, ": ");
          ascii(out, String.join(",", values));
          ascii(out, "\r\n");
        });
    ascii(out, "\r\n");
    if (out.remaining() < body.length) {
      c.out = ByteBuffer.allocate(out.position() + body.length + 1024).put(out.flip());
    }
    c.out.put(body).flip();
    write(c);
  }

  private static void ascii(ByteBuffer out, String s) {
    for (int i = 0, n = s.length(); i < n && out.hasRemaining(); i++) {
      out.put((byte) s.charAt(i));
    }
  }

  private void write(Conn c) throws IOException {
    c.channel.write(c.out);
    c.key.interestOps(
        c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  private void handleReady() throws IOException {
    for (SelectionKey key : selector.selectedKeys()) {
      Conn c = (Conn) key.attachment();
      try {
        if (key.isValid() && key.isWritable()) {
          write(c);
        }
        if (key.isValid() && key.isReadable()) {
          read(c);
        }
      } catch (IOException e) {
        if (sync) {
          throw e;
        }
        reconnect(c, "I/O error: " + e);
      }
    }
    selector.selectedKeys().clear();
  }

  private void read(Conn c) throws IOException {
    if (!c.in.hasRemaining()) {
      c.in = ByteBuffer.allocate(c.in.capacity() * 2).put(c.in.flip());
    }
    if (c.channel.read(c.in) < 0) {
      if (sync) {
        throw new IOException("connection closed by server");
      }
      reconnect(c, "connection closed by server");
      return;
    }
    if (c.busy && c.parse()) {
      complete(c);
    }
  }

  /** A response is in: record it, then send the next request unless the phase is over. */
  private void complete(Conn c) throws IOException {
    long now = System.nanoTime();
    boolean ok = c.status == 200;
    String body = null;
    if (sync || !ok || (op.expect != null && !checked && now >= measureFrom)) {
      body = c.body();
      if (ok && op.expect != null && !sync) {
        ok = body.contains(op.expect);
        checked = true;
      }
    }
    boolean close = c.close;
    c.reset();
    if (sync) {
      c.syncStatus = c.status;
      c.syncBody = body;
      return;
    }
    if (!ok) {
      printFirstError("HTTP " + c.status + " " + body);
    }
    if (now >= measureFrom && now < measureTo) {
      histogram.record((now - c.started) / 1000);
      errors += ok ? 0 : 1;
    }
    if (close) {
      reconnect(c, null);
    } else if (now < measureTo) {
      send(c);
    }
  }

  private void reconnect(Conn c, String why) throws IOException {
    long now = System.nanoTime();
    if (why != null && c.busy) {
      printFirstError(why);
      errors += now >= measureFrom && now < measureTo ? 1 : 0;
    }
    c.channel.close();
    open(c);
    c.reset();
    if (System.nanoTime() < measureTo) {
      send(c);
    }
  }

  private void printFirstError(String what) {
    if (!errorPrinted) {
      errorPrinted = true;
      System.err.println("first error (" + op.name + "): " + what);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One keep-alive connection with at most one request outstanding, and its response parser. */
  static final class Conn {
    SocketChannel channel;
    SelectionKey key;
    ByteBuffer out = ByteBuffer.allocate(4096);
    ByteBuffer in = ByteBuffer.allocate(16384);
    long started;
    boolean busy;
    int syncStatus;
    String syncBody;
    // Parse state of the response being read.
    int headerEnd = -1;
    int scanned;
    int status;
    long contentLength;
    boolean chunked;
    boolean close;
    int bodyEnd;

    /** Whether a whole response is in {@code in}; sets status, framing and bodyEnd. */
    boolean parse() {
      byte[] b = in.array();
      int n = in.position();
      if (headerEnd < 0) {
        int i = indexOfBlankLine(b, Math.max(0, scanned - 3), n);
        if (i < 0) {
          scanned = n;
          return false;
        }
        headerEnd = i + 4;
        status = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
        contentLength = 0;
        chunked = false;
        close = false;
        for (int line = lineEnd(b, 0, headerEnd) + 2; line < i; ) {
          int end = lineEnd(b, line, headerEnd);
          if (header(b, line, end, "content-length:")) {
            contentLength = Long.parseLong(value(b, line + 15, end));
          } else if (header(b, line, end, "transfer-encoding:")) {
            chunked = value(b, line + 18, end).toLowerCase().contains("chunked");
          } else if (header(b, line, end, "connection:")) {
            close = value(b, line + 11, end).equalsIgnoreCase("close");
          }
          line = end + 2;
        }
      }
      if (chunked) {
        bodyEnd = chunks(b, headerEnd, n, null);
        return bodyEnd >= 0;
      }
      bodyEnd = (int) (headerEnd + contentLength);
      return n >= bodyEnd;
    }

    /** The complete response's body, de-chunked, as text. */
    String body() {
      if (!chunked) {
        return new String(in.array(), headerEnd, bodyEnd - headerEnd, StandardCharsets.UTF_8);
      }
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      chunks(in.array(), headerEnd, bodyEnd, data);
      return data.toString(StandardCharsets.UTF_8);
    }

    /** Ready for the next response; keeps any bytes beyond this one (none expected). */
    void reset() {
      busy = false;
      int n = in.position();
      if (n > bodyEnd && headerEnd >= 0) {
        System.arraycopy(in.array(), bodyEnd, in.array(), 0, n - bodyEnd);
        in.position(n - bodyEnd);
      } else {
        in.clear();
      }
      headerEnd = -1;
      scanned = 0;
    }

    /** End of a chunked body starting at {@code p} (after the trailers), or -1 if incomplete. */
    private static int chunks(byte[] b, int p, int n, ByteArrayOutputStream data) {
      while (true) {
        int end = lineEnd(b, p, n);
        if (end < 0) {
          return -1;
        }
        int size = 0;
        for (int i = p; i < end && Character.digit(b[i], 16) >= 0; i++) {
          size = size * 16 + Character.digit(b[i], 16);
        }
        p = end + 2;
        if (size == 0) {
          while (true) { // trailers, up to an empty line
            int e = lineEnd(b, p, n);
            if (e < 0) {
              return -1;
            }
            if (e == p) {
              return e + 2;
            }
            p = e + 2;
          }
        }
        if (n < p + size + 2) {
          return -1;
        }
        if (data != null) {
          data.write(b, p, size);
        }
        p += size + 2;
      }
    }

    private static int indexOfBlankLine(byte[] b, int from, int n) {
      for (int i = from; i + 3 < n; i++) {
        if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private static int lineEnd(byte[] b, int from, int n) {
      for (int i = from; i + 1 < n; i++) {
        if (b[i] == '\r' && b[i + 1] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private static boolean header(byte[] b, int from, int end, String lowerName) {
      if (end - from < lowerName.length()) {
        return false;
      }
      for (int i = 0; i < lowerName.length(); i++) {
        if (Character.toLowerCase(b[from + i]) != lowerName.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private static String value(byte[] b, int from, int end) {
      return new String(b, from, end - from, StandardCharsets.ISO_8859_1).trim();
    }
  }

  /**
   * Latencies in µs: exact below 1,024 µs, then 512 steps per power of two (≤0.2% error), capped at
   * 10 s. Percentiles are reported as the middle of their bucket.
   */
  static final class Histogram {
    private static final long MAX_MICROS = 10_000_000;
    private final long[] counts = new long[1024 + 15 * 512];
    private long total;

    void record(long micros) {
      counts[index(Math.max(0, Math.min(micros, MAX_MICROS)))]++;
      total++;
    }

    long count() {
      return total;
    }

    /** Latency in µs at quantile q (0..1); 0 when empty. */
    double percentile(double q) {
      long rank = (long) Math.ceil(q * total);
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank && seen > 0) {
          return middle(i);
        }
      }
      return 0;
    }

    private static int index(long v) {
      if (v < 1024) {
        return (int) v;
      }
      int shift = 63 - Long.numberOfLeadingZeros(v) - 9; // v >> shift is in [512, 1024)
      return 1024 + (shift - 1) * 512 + (int) ((v >> shift) - 512);
    }

    private static double middle(int i) {
      if (i < 1024) {
        return i + 0.5;
      }
      int shift = (i - 1024) / 512 + 1;
      long low = ((i - 1024) % 512 + 512L) << shift;
      return low + (1L << shift) / 2.0;
    }
  }
}
