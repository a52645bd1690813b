package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A SHA-256 digest of a request in the value form that does not depend on the order of object
 * members, so that the same request serialized differently has the same digest.
 */
final class RequestDigest {
  private RequestDigest() {}

  static byte[] of(JsonNode request) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      feed(digest, request);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  private static void feed(MessageDigest digest, JsonNode node) {
    if (node.isObject()) {
      digest.update((byte) '{');
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      for (String name : names) {
        text(digest, name);
        feed(digest, node.get(name));
      }
      digest.update((byte) '}');
    } else if (node.isArray()) {
      digest.update((byte) '[');
      node.forEach(element -> feed(digest, element));
      digest.update((byte) ']');
    } else {
      digest.update((byte) (node.isTextual() ? 's' : 'v'));
      text(digest, node.asText());
    }
  }

  private static void text(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(
        new byte[] {
          (byte) (bytes.length >>> 24),
          (byte) (bytes.length >>> 16),
          (byte) (bytes.length >>> 8),
          (byte) bytes.length
        });
    digest.update(bytes);
  }
}
