import dev.basin.core.auth.SigV4Signer;
import java.time.Instant;

/**
 * Prints presigned S3 URLs (path style, root credentials {@code test}/{@code test}, us-east-1), one
 * per line. A presigned URL carries its signature in the query and stays valid for its
 * X-Amz-Expires window, so wrk and curl can replay it unchanged; its payload is UNSIGNED-PAYLOAD,
 * so one PUT URL serves any body.
 *
 * <p>Usage: {@code java -cp basin.jar S3Presign.java HOST:PORT METHOD /bucket/key [METHOD
 * /bucket/key ...]}
 */
public class S3Presign {
  private static final long EXPIRES_SECONDS = 3600;

  public static void main(String[] args) {
    if (args.length < 3 || args.length % 2 == 0) {
      System.err.println("usage: S3Presign HOST:PORT METHOD /bucket/key [METHOD /bucket/key ...]");
      System.exit(2);
    }
    String host = args[0];
    SigV4Signer signer = new SigV4Signer("test", "test", null, "us-east-1", "s3");
    Instant now = Instant.now();
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < args.length; i += 2) {
      String uri = signer.presign(args[i], args[i + 1], host, now, EXPIRES_SECONDS);
      out.append("http://").append(host).append(uri).append('\n');
    }
    System.out.print(out);
  }
}
