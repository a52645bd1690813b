package dev.basin.iam;

import dev.basin.core.auth.AccessKey;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.iam.IamStore.Entity;
import dev.basin.iam.IamStore.Session;
import dev.basin.iam.IamStore.Tx;
import dev.basin.iam.IamStore.VersionRow;
import dev.basin.iam.policy.AttachedPolicy;
import dev.basin.iam.policy.MalformedPolicyException;
import dev.basin.iam.policy.PolicyDocument;
import dev.basin.iam.policy.PolicyKind;
import dev.basin.iam.policy.PrincipalType;
import dev.basin.iam.policy.RequestPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The policies that apply to a caller: a user's inline and attached policies and those of its
 * groups, or a role's and its session's policies, parsed. Compiled once per access key and cached;
 * every IAM write ({@link IamStore#onWrite}) drops the whole cache, since IAM writes are rare and
 * authorization runs on every request.
 *
 * <p>A stored document the library cannot parse (written before it validated) takes no part: as an
 * identity policy it grants nothing; as a session policy it is kept as an empty document, so that
 * it still narrows (to nothing) rather than silently widening the session.
 */
public final class PrincipalPolicies {

  /**
   * What one caller brings to an evaluation.
   *
   * @param principal who the caller is, for the evaluator
   * @param identity identity-based policies
   * @param session session policies (empty: the session is not narrowed)
   */
  public record Resolved(
      RequestPrincipal principal, List<AttachedPolicy> identity, List<AttachedPolicy> session) {
    public Resolved {
      identity = List.copyOf(identity);
      session = List.copyOf(session);
    }
  }

  private final IamStore store;
  private final ManagedPolicyCatalog catalog;
  private final Map<String, Resolved> cache = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  public PrincipalPolicies(IamStore store, ManagedPolicyCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
    store.onWrite(this::invalidate);
  }

  private void invalidate() {
    generation.incrementAndGet();
    cache.clear();
  }

  /** The policies of {@code caller}, signing with {@code key} (null when unsigned). */
  public Resolved resolve(Caller caller, AccessKey key) {
    if (caller.type() == CallerType.ROOT) {
      return new Resolved(RequestPrincipal.root(caller.accountId()), List.of(), List.of());
    }
    String cacheKey = key != null ? key.accessKeyId() : caller.arn();
    Resolved cached = cache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    long before = generation.get();
    Resolved loaded = store.read(tx -> load(tx, caller, key));
    cache.put(cacheKey, loaded);
    if (generation.get() != before) {
      cache.remove(cacheKey, loaded); // IAM changed while loading: the result may be stale
    }
    return loaded;
  }

  private Resolved load(Tx tx, Caller caller, AccessKey key) {
    String account = caller.accountId();
    List<AttachedPolicy> identity = new ArrayList<>();
    List<AttachedPolicy> session = new ArrayList<>();
    switch (caller.type()) {
      case IAM_USER -> {
        Entity user = tx.entity(account, "user", caller.name());
        if (user == null) {
          return nobody(caller);
        }
        ownerPolicies(tx, account, "user", user.name(), identity);
        for (String group : tx.containersOf(account, "group", user.name())) {
          ownerPolicies(tx, account, "group", group, identity);
        }
        RequestPrincipal principal =
            RequestPrincipal.user(
                account,
                user.path(),
                user.name(),
                user.id(),
                tx.tags(account, "user", user.name()));
        return new Resolved(principal, identity, session);
      }
      case ASSUMED_ROLE -> {
        Entity role = tx.entity(account, "role", caller.name());
        if (role == null) {
          return nobody(caller);
        }
        ownerPolicies(tx, account, "role", role.name(), identity);
        Session stored = key == null ? null : tx.session(key.accessKeyId());
        if (stored != null) {
          if (stored.policy() != null) {
            session.add(sessionPolicy("session-policy", stored.policy()));
          }
          for (String arn : stored.policyArns()) {
            PolicyDocument document = managed(tx, account, arn);
            session.add(
                new AttachedPolicy(arn, document != null ? document : empty(PolicyKind.IDENTITY)));
          }
        }
        String sessionName = caller.arn().substring(caller.arn().lastIndexOf('/') + 1);
        RequestPrincipal principal =
            RequestPrincipal.roleSession(
                account,
                role.name(),
                IamService.arn(account, "role", role.path(), role.name()),
                sessionName,
                role.id(),
                tx.tags(account, "role", role.name()));
        return new Resolved(principal, identity, session);
      }
      default -> {
        return nobody(caller);
      }
    }
  }

  /** A principal IAM no longer knows (deleted while its key is cached): no policies. */
  private static Resolved nobody(Caller caller) {
    PrincipalType type =
        switch (caller.type()) {
          case IAM_USER -> PrincipalType.IAM_USER;
          case ASSUMED_ROLE -> PrincipalType.ASSUMED_ROLE;
          case FEDERATED_USER -> PrincipalType.FEDERATED_USER;
          case ROOT -> PrincipalType.ROOT;
          case ANONYMOUS -> PrincipalType.ANONYMOUS;
        };
    return new Resolved(
        new RequestPrincipal(
            type, caller.arn(), caller.accountId(), null, caller.userId(), null, Map.of()),
        List.of(),
        List.of());
  }

  private void ownerPolicies(
      Tx tx, String account, String kind, String owner, List<AttachedPolicy> out) {
    for (Map.Entry<String, String> inline : tx.inlinePolicies(account, kind, owner).entrySet()) {
      PolicyDocument document = parse(inline.getValue(), PolicyKind.IDENTITY);
      if (document != null) {
        out.add(new AttachedPolicy(kind + "/" + owner + "/" + inline.getKey(), document));
      }
    }
    for (String arn : tx.attached(account, kind, owner)) {
      PolicyDocument document = managed(tx, account, arn);
      if (document != null) {
        out.add(new AttachedPolicy(arn, document));
      }
    }
  }

  /** The default version of an AWS or customer managed policy, or null when there is none. */
  private PolicyDocument managed(Tx tx, String account, String arn) {
    if (arn.startsWith("arn:aws:iam::aws:policy/")) {
      return catalog.find(arn).map(ManagedPolicyCatalog.AwsPolicy::parsed).orElse(null);
    }
    int at = arn.indexOf(":policy/");
    if (!arn.startsWith("arn:aws:iam::" + account + ":") || at < 0) {
      return null;
    }
    String rest = arn.substring(at + ":policy".length());
    String name = rest.substring(rest.lastIndexOf('/') + 1);
    Entity policy = tx.entity(account, "policy", name);
    if (policy == null || !rest.equals(policy.path() + policy.name())) {
      return null;
    }
    String defaultVersion = policy.attrs().path("defaultVersion").asText();
    for (VersionRow version : tx.versions(account, policy.name())) {
      if (version.versionId().equals(defaultVersion)) {
        return parse(version.document(), PolicyKind.IDENTITY);
      }
    }
    return null;
  }

  private static AttachedPolicy sessionPolicy(String name, String text) {
    PolicyDocument document = parse(text, PolicyKind.IDENTITY);
    return new AttachedPolicy(name, document != null ? document : empty(PolicyKind.IDENTITY));
  }

  private static PolicyDocument parse(String text, PolicyKind kind) {
    try {
      return PolicyDocument.parse(text, kind);
    } catch (MalformedPolicyException e) {
      return null;
    }
  }

  private static PolicyDocument empty(PolicyKind kind) {
    return new PolicyDocument("{}", kind, PolicyDocument.VERSION_2012, null, List.of());
  }
}
