package dev.basin.core.auth;

/**
 * Why a request failed authentication. Each protocol family answers these with its own error code
 * and status; the gateway's {@code AuthErrors} holds that table.
 */
public enum AuthFailure {
  /** No signature at all where one is required. */
  MISSING,
  /** An Authorization header or presigned query that cannot be parsed (missing parts). */
  MALFORMED,
  /** The access key id is not known. */
  UNKNOWN_KEY,
  /** The key is known but inactive, or its session token is missing or wrong. */
  INVALID_TOKEN,
  /** Temporary credentials past their expiry on Basin's clock. */
  EXPIRED_TOKEN,
  /** The signature does not match. */
  SIGNATURE_MISMATCH,
  /** The request time is more than 15 minutes away from Basin's clock. */
  SKEWED,
  /** A presigned URL past its expiry. */
  EXPIRED,
  /** The body's SHA-256 differs from {@code x-amz-content-sha256}. */
  CONTENT_SHA256_MISMATCH,
  /** An aws-chunked body whose framing or chunk signature is wrong. */
  CHUNK_SIGNATURE_MISMATCH,
  /** A trailing or header checksum ({@code x-amz-checksum-*}) differs from the body's. */
  CHECKSUM_MISMATCH
}
