import dev.basin.core.auth.SigV4Signer;
import dev.basin.core.protocol.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Prints a wrk Lua script that replays one SigV4-signed JSON-protocol request (valid for the 15
 * minutes a signature is). Idempotent calls only: GetItem, or a PutItem of the same item.
 *
 * <p>Usage: {@code java -cp basin.jar SignedJsonLua.java HOST:PORT SIGNING_NAME TARGET JSON_BODY}
 */
public class SignedJsonLua {
  public static void main(String[] args) {
    String host = args[0];
    String service = args[1];
    String target = args[2];
    String body = args[3];
    Headers headers = new Headers();
    headers.set("Host", host);
    headers.set("Content-Type", "application/x-amz-json-1.0");
    headers.set("X-Amz-Target", target);
    new SigV4Signer("test", "test", null, "us-east-1", service)
        .sign(
            "POST",
            "/",
            headers,
            SigV4Signer.sha256Hex(body.getBytes(StandardCharsets.UTF_8)),
            false,
            Instant.now());
    StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
    lua.append("wrk.body = [[").append(body).append("]]\n");
    headers.forEach(
        (name, values) -> {
          if (!name.equalsIgnoreCase("Host")) {
            lua.append("wrk.headers[\"")
                .append(name)
                .append("\"] = \"")
                .append(values.get(0))
                .append("\"\n");
          }
        });
    System.out.print(lua);
  }
}
