package dev.basin.core.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A fixed set of keys: the root credentials from the configuration. */
public final class StaticCredentialStore implements CredentialStore {
  private final Map<String, AccessKey> keys;

  public StaticCredentialStore(List<AccessKey> keys) {
    this.keys =
        keys.stream()
            .collect(Collectors.toUnmodifiableMap(AccessKey::accessKeyId, Function.identity()));
  }

  public static StaticCredentialStore root(String accountId, String accessKeyId, String secret) {
    return new StaticCredentialStore(
        List.of(new AccessKey(accessKeyId, secret, null, null, true, Caller.root(accountId))));
  }

  @Override
  public Optional<AccessKey> find(String accessKeyId) {
    return Optional.ofNullable(keys.get(accessKeyId));
  }
}
