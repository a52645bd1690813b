package dev.basin.core.auth;

import java.time.Instant;

/**
 * An access key and what it authenticates.
 *
 * @param accessKeyId e.g. {@code test} or {@code AKIA...}
 * @param secretAccessKey the secret both sides sign with
 * @param sessionToken the session token temporary credentials must present, or null
 * @param expiration when temporary credentials stop working (on Basin's clock), or null
 * @param active false for a key an administrator deactivated
 * @param caller the principal the key belongs to
 */
public record AccessKey(
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    Instant expiration,
    boolean active,
    Caller caller) {}
