package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.protocol.AwsException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client request tokens of successful transactions, each with the digest of its request and the
 * response, until it expires. Thread safe; entries are kept in insertion order, which is expiry
 * order, so expired ones are dropped from the front on every use.
 */
final class IdempotencyTokens {
  private record Entry(byte[] digest, JsonNode response, long expiresMillis) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /**
   * The remembered response for a token sent again with the same request, or null when the token is
   * unknown (or expired).
   *
   * @throws AwsException IdempotentParameterMismatchException when the token came with another
   *     request
   */
  synchronized JsonNode replay(String token, byte[] digest, long nowMillis) {
    expire(nowMillis);
    Entry entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (!Arrays.equals(entry.digest(), digest)) {
      throw new AwsException(
          "IdempotentParameterMismatchException",
          400,
          "The request uses the same client token as a previous, but non-identical request.");
    }
    return entry.response().deepCopy();
  }

  synchronized void remember(String token, byte[] digest, JsonNode response, long expiresMillis) {
    entries.put(token, new Entry(digest, response.deepCopy(), expiresMillis));
  }

  synchronized void forget(String token) {
    entries.remove(token);
  }

  private void expire(long nowMillis) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresMillis() > nowMillis) {
        return;
      }
      it.remove();
    }
  }
}
