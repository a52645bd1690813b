package dev.basin.core.auth;

import java.util.Optional;

/**
 * Looks up access keys for the SigV4 verifier. The foundation backs it with the configured root key
 * ({@link StaticCredentialStore}); the IAM module backs it with users' keys and STS's temporary
 * credentials. Implementations are thread safe and fast (called on every request).
 */
public interface CredentialStore {

  Optional<AccessKey> find(String accessKeyId);
}
