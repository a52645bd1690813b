package dev.basin.iam;

import dev.basin.core.auth.AccessKey;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.auth.CredentialStore;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.RequestListener;
import dev.basin.core.gateway.RequestRecord;
import dev.basin.iam.IamStore.Entity;
import dev.basin.iam.IamStore.KeyRow;
import dev.basin.iam.IamStore.Session;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys requests may be signed with: the configured root key, IAM users' access keys and STS's
 * temporary credentials, the latter two from the {@link IamStore}.
 *
 * <p>Found keys are cached (the verifier asks on every request); the store's key listener evicts a
 * key whenever a write changes it, so deactivation and deletion take effect on the next request.
 * Unknown ids are not cached, so the cache holds only keys that exist. As a {@link RequestListener}
 * it records each user key's last use (at most once a minute per key, without waiting for the
 * write), for GetAccessKeyLastUsed.
 */
public final class IamCredentialStore implements CredentialStore, RequestListener {
  private static final long LAST_USED_RESOLUTION_MILLIS = 60_000;

  private final AccessKey root;
  private final IamStore store;
  private final BasinClock clock;
  private final Map<String, AccessKey> cache = new ConcurrentHashMap<>();
  private final Map<String, Long> lastRecorded = new ConcurrentHashMap<>();

  public IamCredentialStore(AccessKey root, IamStore store, BasinClock clock) {
    this.root = root;
    this.store = store;
    this.clock = clock;
    store.onKeyChange(cache::remove);
  }

  @Override
  public Optional<AccessKey> find(String accessKeyId) {
    if (root.accessKeyId().equals(accessKeyId)) {
      return Optional.of(root);
    }
    AccessKey cached = cache.get(accessKeyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    AccessKey loaded = load(accessKeyId);
    if (loaded != null) {
      cache.put(accessKeyId, loaded);
    }
    return Optional.ofNullable(loaded);
  }

  private AccessKey load(String accessKeyId) {
    return store.read(
        tx -> {
          if (accessKeyId.startsWith("ASIA")) {
            Session session = tx.session(accessKeyId);
            return session == null
                ? null
                : new AccessKey(
                    session.keyId(),
                    session.secret(),
                    session.token(),
                    session.expiration(),
                    true,
                    session.caller());
          }
          KeyRow key = tx.key(accessKeyId);
          if (key == null) {
            return null;
          }
          Entity user = tx.entity(key.account(), "user", key.userName());
          if (user == null) {
            return null;
          }
          Caller caller =
              new Caller(
                  CallerType.IAM_USER,
                  key.account(),
                  IamService.arn(key.account(), "user", user.path(), user.name()),
                  user.id(),
                  user.name());
          return new AccessKey(
              key.id(), key.secret(), null, null, key.status().equals("Active"), caller);
        });
  }

  @Override
  public void onRequest(RequestRecord record) {
    String keyId = record.accessKeyId();
    Caller caller = record.caller();
    if (keyId == null
        || caller == null
        || caller.type() != CallerType.IAM_USER
        || keyId.startsWith("ASIA")
        || keyId.equals(root.accessKeyId())) {
      return;
    }
    long now = clock.millis();
    Long previous = lastRecorded.get(keyId);
    if (previous != null && now - previous < LAST_USED_RESOLUTION_MILLIS) {
      return;
    }
    lastRecorded.put(keyId, now);
    store.recordKeyUse(keyId, clock.now(), record.service(), record.region());
  }
}
