package dev.basin.iam;

import java.security.SecureRandom;

/**
 * AWS's identifiers: unique ids ({@code AIDA}, {@code AGPA}, {@code AROA}, {@code ANPA}, {@code
 * AIPA} + 17 characters), access key ids ({@code AKIA} long-term, {@code ASIA} temporary, + 16),
 * 40-character secrets and session tokens. Random, from a {@link SecureRandom}.
 */
final class IamIds {
  private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final char[] SECRET_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  private final SecureRandom random = new SecureRandom();

  String userId() {
    return "AIDA" + random(ID_CHARS, 17);
  }

  String groupId() {
    return "AGPA" + random(ID_CHARS, 17);
  }

  String roleId() {
    return "AROA" + random(ID_CHARS, 17);
  }

  String policyId() {
    return "ANPA" + random(ID_CHARS, 17);
  }

  String instanceProfileId() {
    return "AIPA" + random(ID_CHARS, 17);
  }

  String accessKeyId() {
    return "AKIA" + random(ID_CHARS, 16);
  }

  String temporaryKeyId() {
    return "ASIA" + random(ID_CHARS, 16);
  }

  String secret() {
    return random(SECRET_CHARS, 40);
  }

  /** An opaque session token, about as long as AWS's shorter ones. */
  String sessionToken() {
    return "FwoGZXIvYXdzE" + random(SECRET_CHARS, 300);
  }

  private String random(char[] alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return new String(out);
  }
}
