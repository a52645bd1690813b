package dev.basin.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived SigV4 signing keys by (secret, date, region, service). Deriving one costs four HMACs; a
 * key is valid for a whole day, so nearly every request finds its key here. Thread safe; bounded by
 * dropping everything when full (keys are cheap to derive again).
 */
final class SigningKeyCache {
  private static final int MAX_ENTRIES = 4096;

  private record CacheKey(String secret, String date, String region, String service) {}

  private final ConcurrentHashMap<CacheKey, byte[]> keys = new ConcurrentHashMap<>();

  /** The signing key; the returned array must not be modified. */
  byte[] signingKey(String secret, String date, String region, String service) {
    CacheKey cacheKey = new CacheKey(secret, date, region, service);
    byte[] key = keys.get(cacheKey);
    if (key == null) {
      key = derive(secret, date, region, service);
      if (keys.size() >= MAX_ENTRIES) {
        keys.clear();
      }
      keys.put(cacheKey, key);
    }
    return key;
  }

  static byte[] derive(String secret, String date, String region, String service) {
    byte[] dateKey = SigV4Canonical.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    byte[] regionKey = SigV4Canonical.hmac(dateKey, region);
    byte[] serviceKey = SigV4Canonical.hmac(regionKey, service);
    return SigV4Canonical.hmac(serviceKey, "aws4_request");
  }
}
