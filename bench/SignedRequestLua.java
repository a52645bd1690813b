import dev.basin.core.auth.SigV4Signer;
import dev.basin.core.protocol.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Prints a wrk Lua script that replays one SigV4-signed STS GetCallerIdentity request. A SigV4
 * signature stays valid for 15 minutes, so one signed request serves a whole benchmark run.
 *
 * <p>Usage: {@code java -cp basin.jar SignedRequestLua.java HOST:PORT > request.lua}
 */
public class SignedRequestLua {
  public static void main(String[] args) {
    String host = args[0];
    String body = "Action=GetCallerIdentity&Version=2011-06-15";
    Headers headers = new Headers();
    headers.set("Host", host);
    headers.set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    SigV4Signer signer = new SigV4Signer("test", "test", null, "us-east-1", "sts");
    signer.sign(
        "POST",
        "/",
        headers,
        SigV4Signer.sha256Hex(body.getBytes(StandardCharsets.UTF_8)),
        false,
        Instant.now());
    StringBuilder lua = new StringBuilder();
    lua.append("wrk.method = \"POST\"\n");
    lua.append("wrk.body = \"").append(body).append("\"\n");
    headers.forEach(
        (name, values) -> {
          if (!name.equalsIgnoreCase("Host")) {
            lua.append("wrk.headers[\"").append(name).append("\"] = \"")
                .append(values.get(0)).append("\"\n");
          }
        });
    System.out.print(lua);
  }
}
