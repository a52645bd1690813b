package dev.basin.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.storage.MetadataStore;
import dev.basin.core.storage.SqliteMetadataStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * IAM's durable state on one SQLite database ({@code <data>/iam/iam.db}): users, groups, roles,
 * customer managed policies and instance profiles (one {@code entity} table keyed by account, kind
 * and name), and beside them tags, inline policies, attachments, group membership, policy versions,
 * access keys and STS sessions.
 *
 * <p>Names compare case-insensitively ({@code COLLATE NOCASE}), as IAM's uniqueness does. Callers
 * compose a request's reads and writes in one transaction through {@link Tx}; {@link #write}
 * reports every access key id a unit touched to the key listeners after commit, so that caches (the
 * {@link IamCredentialStore}) never serve a key that changed.
 */
public final class IamStore implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE entity(
            account TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE,
            path TEXT NOT NULL, id TEXT NOT NULL UNIQUE, create_date INTEGER NOT NULL,
            attrs TEXT NOT NULL, PRIMARY KEY(account, kind, name));
          CREATE TABLE tag(
            account TEXT NOT NULL, kind TEXT NOT NULL, owner TEXT NOT NULL COLLATE NOCASE,
            key TEXT NOT NULL COLLATE NOCASE, value TEXT NOT NULL, seq INTEGER NOT NULL,
            PRIMARY KEY(account, kind, owner, key));
          CREATE TABLE inline_policy(
            account TEXT NOT NULL, kind TEXT NOT NULL, owner TEXT NOT NULL COLLATE NOCASE,
            name TEXT NOT NULL COLLATE NOCASE, document TEXT NOT NULL,
            PRIMARY KEY(account, kind, owner, name));
          CREATE TABLE attachment(
            account TEXT NOT NULL, kind TEXT NOT NULL, owner TEXT NOT NULL COLLATE NOCASE,
            policy_arn TEXT NOT NULL, seq INTEGER NOT NULL,
            PRIMARY KEY(account, kind, owner, policy_arn));
          CREATE INDEX attachment_by_policy ON attachment(policy_arn);
          CREATE TABLE membership(
            account TEXT NOT NULL, container TEXT NOT NULL COLLATE NOCASE,
            member TEXT NOT NULL COLLATE NOCASE, kind TEXT NOT NULL, seq INTEGER NOT NULL,
            PRIMARY KEY(account, kind, container, member));
          CREATE TABLE policy_version(
            account TEXT NOT NULL, policy TEXT NOT NULL COLLATE NOCASE, version_id TEXT NOT NULL,
            document TEXT NOT NULL, create_date INTEGER NOT NULL,
            PRIMARY KEY(account, policy, version_id));
          CREATE TABLE access_key(
            id TEXT PRIMARY KEY, account TEXT NOT NULL, user_name TEXT NOT NULL COLLATE NOCASE,
            secret TEXT NOT NULL, status TEXT NOT NULL, create_date INTEGER NOT NULL,
            last_used INTEGER, last_service TEXT, last_region TEXT);
          CREATE INDEX access_key_by_user ON access_key(account, user_name);
          CREATE TABLE session(
            key_id TEXT PRIMARY KEY, secret TEXT NOT NULL, token TEXT NOT NULL,
            expiration INTEGER NOT NULL, account TEXT NOT NULL, type TEXT NOT NULL,
            arn TEXT NOT NULL, user_id TEXT NOT NULL, name TEXT, policy TEXT,
            policy_arns TEXT NOT NULL);
          """);

  /** A user, group, role, customer managed policy or instance profile. */
  public record Entity(
      String kind, String name, String path, String id, Instant created, ObjectNode attrs) {}

  /** An access key of a user. */
  public record KeyRow(
      String id,
      String account,
      String userName,
      String secret,
      String status,
      Instant created,
      Instant lastUsed,
      String lastService,
      String lastRegion) {}

  /** A policy version's row. */
  public record VersionRow(String versionId, String document, Instant created) {}

  /** An attachment of a managed policy, seen from the policy. */
  public record AttachmentRow(String kind, String owner) {}

  /**
   * STS temporary credentials.
   *
   * @param policy the session policy passed to AssumeRole, or null
   * @param policyArns the managed session policies' ARNs
   */
  public record Session(
      String keyId,
      String secret,
      String token,
      Instant expiration,
      Caller caller,
      String policy,
      List<String> policyArns) {}

  private final MetadataStore db;
  private final List<Consumer<String>> keyListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> writeListeners = new CopyOnWriteArrayList<>();

  private IamStore(MetadataStore db) {
    this.db = db;
  }

  /** Opens (creating) {@code <dir>/iam.db}. */
  public static IamStore open(Path dir, SqliteMetadataStore.Options options) {
    return new IamStore(SqliteMetadataStore.open(dir.resolve("iam.db"), MIGRATIONS, options));
  }

  /** Registers {@code listener} to be told the ids of access keys changed by a write. */
  public void onKeyChange(Consumer<String> listener) {
    keyListeners.add(listener);
  }

  /**
   * Registers {@code listener} to run after every committed {@link #write} (and after a write that
   * failed, which may have changed nothing): caches of anything derived from IAM's state (the
   * authorizer's compiled policies) drop it then.
   */
  public void onWrite(Runnable listener) {
    writeListeners.add(listener);
  }

  public <T> T read(Function<Tx, T> work) {
    return db.read(c -> work.apply(new Tx(c)));
  }

  public <T> T write(Function<Tx, T> work) {
    List<String> touched = new ArrayList<>();
    T result;
    try {
      result =
          db.write(
              c -> {
                touched.clear(); // a unit may run again
                Tx tx = new Tx(c);
                T value = work.apply(tx);
                touched.addAll(tx.touchedKeys);
                return value;
              });
    } finally {
      writeListeners.forEach(Runnable::run);
    }
    for (String key : touched) {
      keyListeners.forEach(listener -> listener.accept(key));
    }
    return result;
  }

  /** Updates a key's last use without waiting for the commit. */
  void recordKeyUse(String keyId, Instant when, String service, String region) {
    db.writeAsync(
        c ->
            new Tx(c)
                .exec(
                    "UPDATE access_key SET last_used=?, last_service=?, last_region=? WHERE id=?",
                    when.toEpochMilli(),
                    service,
                    region,
                    keyId));
  }

  @Override
  public void close() {
    db.close();
  }

  /** One transaction's view of the store. SQL errors surface as {@link IllegalStateException}. */
  public static final class Tx {
    private final Connection c;
    private final List<String> touchedKeys = new ArrayList<>();

    Tx(Connection c) {
      this.c = c;
    }

    int exec(String sql, Object... args) {
      try (PreparedStatement statement = prepare(sql, args)) {
        return statement.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    interface RowMapper<T> {
      T map(ResultSet row) throws SQLException;
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
      try (PreparedStatement statement = prepare(sql, args);
          ResultSet rows = statement.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rows.next()) {
          out.add(mapper.map(rows));
        }
        return out;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
      PreparedStatement statement = c.prepareStatement(sql);
      for (int i = 0; i < args.length; i++) {
        statement.setObject(i + 1, args[i]);
      }
      return statement;
    }

    private long nextSeq(String table) {
      return query("SELECT COALESCE(MAX(seq), 0) + 1 FROM " + table, r -> r.getLong(1)).get(0);
    }

    // --- entities

    private static Entity entity(ResultSet r) throws SQLException {
      try {
        return new Entity(
            r.getString("kind"),
            r.getString("name"),
            r.getString("path"),
            r.getString("id"),
            Instant.ofEpochMilli(r.getLong("create_date")),
            (ObjectNode) JSON.readTree(r.getString("attrs")));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    public Entity entity(String account, String kind, String name) {
      List<Entity> found =
          query(
              "SELECT * FROM entity WHERE account=? AND kind=? AND name=?",
              Tx::entity,
              account,
              kind,
              name);
      return found.isEmpty() ? null : found.get(0);
    }

    /** The account's entities of {@code kind}, by name. */
    public List<Entity> entities(String account, String kind) {
      return query(
          "SELECT * FROM entity WHERE account=? AND kind=? ORDER BY name",
          Tx::entity,
          account,
          kind);
    }

    public int count(String account, String kind) {
      return query(
              "SELECT COUNT(*) FROM entity WHERE account=? AND kind=?",
              r -> r.getInt(1),
              account,
              kind)
          .get(0);
    }

    public void insert(String account, Entity entity) {
      exec(
          "INSERT INTO entity(account, kind, name, path, id, create_date, attrs)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)",
          account,
          entity.kind(),
          entity.name(),
          entity.path(),
          entity.id(),
          entity.created().toEpochMilli(),
          entity.attrs().toString());
    }

    /**
     * Replaces the entity named {@code oldName} by {@code entity}; a rename follows into tags,
     * inline policies, attachments, membership and access keys.
     */
    public void update(String account, String oldName, Entity entity) {
      exec(
          "UPDATE entity SET name=?, path=?, attrs=? WHERE account=? AND kind=? AND name=?",
          entity.name(),
          entity.path(),
          entity.attrs().toString(),
          account,
          entity.kind(),
          oldName);
      if (oldName.equals(entity.name())) {
        return;
      }
      String kind = entity.kind();
      for (String table : List.of("tag", "inline_policy", "attachment")) {
        exec(
            "UPDATE " + table + " SET owner=? WHERE account=? AND kind=? AND owner=?",
            entity.name(),
            account,
            kind,
            oldName);
      }
      if (kind.equals("user") || kind.equals("role")) {
        exec(
            "UPDATE membership SET member=? WHERE account=? AND kind=? AND member=?",
            entity.name(),
            account,
            kind.equals("user") ? "group" : "instance-profile",
            oldName);
      }
      exec(
          "UPDATE membership SET container=? WHERE account=? AND kind=? AND container=?",
          entity.name(),
          account,
          kind,
          oldName);
      if (kind.equals("user")) {
        keysOf(account, oldName).forEach(k -> touchedKeys.add(k.id()));
        exec(
            "UPDATE access_key SET user_name=? WHERE account=? AND user_name=?",
            entity.name(),
            account,
            oldName);
      }
    }

    /** Deletes the entity and its tags (the caller has checked for dependents). */
    public void delete(String account, String kind, String name) {
      exec("DELETE FROM entity WHERE account=? AND kind=? AND name=?", account, kind, name);
      exec("DELETE FROM tag WHERE account=? AND kind=? AND owner=?", account, kind, name);
    }

    // --- tags, in the order they were first set

    public Map<String, String> tags(String account, String kind, String owner) {
      Map<String, String> tags = new LinkedHashMap<>();
      query(
              "SELECT key, value FROM tag WHERE account=? AND kind=? AND owner=? ORDER BY seq",
              r -> new String[] {r.getString(1), r.getString(2)},
              account,
              kind,
              owner)
          .forEach(pair -> tags.put(pair[0], pair[1]));
      return tags;
    }

    public void putTag(String account, String kind, String owner, String key, String value) {
      int updated =
          exec(
              "UPDATE tag SET key=?, value=? WHERE account=? AND kind=? AND owner=? AND key=?",
              key,
              value,
              account,
              kind,
              owner,
              key);
      if (updated == 0) {
        exec(
            "INSERT INTO tag(account, kind, owner, key, value, seq) VALUES (?, ?, ?, ?, ?, ?)",
            account,
            kind,
            owner,
            key,
            value,
            nextSeq("tag"));
      }
    }

    public void deleteTag(String account, String kind, String owner, String key) {
      exec(
          "DELETE FROM tag WHERE account=? AND kind=? AND owner=? AND key=?",
          account,
          kind,
          owner,
          key);
    }

    // --- inline policies

    /** Inline policy documents by name, sorted by name. */
    public Map<String, String> inlinePolicies(String account, String kind, String owner) {
      Map<String, String> policies = new LinkedHashMap<>();
      query(
              "SELECT name, document FROM inline_policy WHERE account=? AND kind=? AND owner=?"
                  + " ORDER BY name",
              r -> new String[] {r.getString(1), r.getString(2)},
              account,
              kind,
              owner)
          .forEach(pair -> policies.put(pair[0], pair[1]));
      return policies;
    }

    public void putInline(String account, String kind, String owner, String name, String doc) {
      exec(
          "INSERT INTO inline_policy(account, kind, owner, name, document) VALUES (?, ?, ?, ?, ?)"
              + " ON CONFLICT(account, kind, owner, name) DO UPDATE SET document=excluded.document",
          account,
          kind,
          owner,
          name,
          doc);
    }

    public boolean deleteInline(String account, String kind, String owner, String name) {
      return exec(
              "DELETE FROM inline_policy WHERE account=? AND kind=? AND owner=? AND name=?",
              account,
              kind,
              owner,
              name)
          > 0;
    }

    // --- attachments of managed policies

    /** The policy ARNs attached to the owner, in attachment order. */
    public List<String> attached(String account, String kind, String owner) {
      return query(
          "SELECT policy_arn FROM attachment WHERE account=? AND kind=? AND owner=? ORDER BY seq",
          r -> r.getString(1),
          account,
          kind,
          owner);
    }

    public void attach(String account, String kind, String owner, String policyArn) {
      exec(
          "INSERT OR IGNORE INTO attachment(account, kind, owner, policy_arn, seq)"
              + " VALUES (?, ?, ?, ?, ?)",
          account,
          kind,
          owner,
          policyArn,
          nextSeq("attachment"));
    }

    public boolean detach(String account, String kind, String owner, String policyArn) {
      return exec(
              "DELETE FROM attachment WHERE account=? AND kind=? AND owner=? AND policy_arn=?",
              account,
              kind,
              owner,
              policyArn)
          > 0;
    }

    /** Who the policy is attached to in {@code account}. */
    public List<AttachmentRow> attachmentsOf(String account, String policyArn) {
      return query(
          "SELECT kind, owner FROM attachment WHERE account=? AND policy_arn=? ORDER BY owner",
          r -> new AttachmentRow(r.getString(1), r.getString(2)),
          account,
          policyArn);
    }

    // --- membership: users in groups (kind "group"), roles in instance profiles

    public List<String> members(String account, String kind, String container) {
      return query(
          "SELECT member FROM membership WHERE account=? AND kind=? AND container=?"
              + " ORDER BY member",
          r -> r.getString(1),
          account,
          kind,
          container);
    }

    public List<String> containersOf(String account, String kind, String member) {
      return query(
          "SELECT container FROM membership WHERE account=? AND kind=? AND member=? ORDER BY seq",
          r -> r.getString(1),
          account,
          kind,
          member);
    }

    public void addMember(String account, String kind, String container, String member) {
      exec(
          "INSERT OR IGNORE INTO membership(account, kind, container, member, seq)"
              + " VALUES (?, ?, ?, ?, ?)",
          account,
          kind,
          container,
          member,
          nextSeq("membership"));
    }

    public boolean removeMember(String account, String kind, String container, String member) {
      return exec(
              "DELETE FROM membership WHERE account=? AND kind=? AND container=? AND member=?",
              account,
              kind,
              container,
              member)
          > 0;
    }

    // --- policy versions

    /** The versions of a customer managed policy, newest first. */
    public List<VersionRow> versions(String account, String policy) {
      return query(
          "SELECT version_id, document, create_date FROM policy_version"
              + " WHERE account=? AND policy=? ORDER BY create_date DESC,"
              + " CAST(SUBSTR(version_id, 2) AS INTEGER) DESC",
          r -> new VersionRow(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))),
          account,
          policy);
    }

    public void insertVersion(String account, String policy, VersionRow version) {
      exec(
          "INSERT INTO policy_version(account, policy, version_id, document, create_date)"
              + " VALUES (?, ?, ?, ?, ?)",
          account,
          policy,
          version.versionId(),
          version.document(),
          version.created().toEpochMilli());
    }

    public boolean deleteVersion(String account, String policy, String versionId) {
      return exec(
              "DELETE FROM policy_version WHERE account=? AND policy=? AND version_id=?",
              account,
              policy,
              versionId)
          > 0;
    }

    // --- access keys

    private static KeyRow key(ResultSet r) throws SQLException {
      long lastUsed = r.getLong("last_used");
      return new KeyRow(
          r.getString("id"),
          r.getString("account"),
          r.getString("user_name"),
          r.getString("secret"),
          r.getString("status"),
          Instant.ofEpochMilli(r.getLong("create_date")),
          r.wasNull() || lastUsed == 0 ? null : Instant.ofEpochMilli(lastUsed),
          r.getString("last_service"),
          r.getString("last_region"));
    }

    public KeyRow key(String id) {
      List<KeyRow> found = query("SELECT * FROM access_key WHERE id=?", Tx::key, id);
      return found.isEmpty() ? null : found.get(0);
    }

    public List<KeyRow> keysOf(String account, String user) {
      return query(
          "SELECT * FROM access_key WHERE account=? AND user_name=? ORDER BY create_date, id",
          Tx::key,
          account,
          user);
    }

    public void insertKey(KeyRow key) {
      exec(
          "INSERT INTO access_key(id, account, user_name, secret, status, create_date)"
              + " VALUES (?, ?, ?, ?, ?, ?)",
          key.id(),
          key.account(),
          key.userName(),
          key.secret(),
          key.status(),
          key.created().toEpochMilli());
      touchedKeys.add(key.id());
    }

    public void updateKeyStatus(String id, String status) {
      exec("UPDATE access_key SET status=? WHERE id=?", status, id);
      touchedKeys.add(id);
    }

    public void deleteKey(String id) {
      exec("DELETE FROM access_key WHERE id=?", id);
      touchedKeys.add(id);
    }

    // --- STS sessions

    public void insertSession(Session session) {
      Caller caller = session.caller();
      exec(
          "INSERT INTO session(key_id, secret, token, expiration, account, type, arn, user_id,"
              + " name, policy, policy_arns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          session.keyId(),
          session.secret(),
          session.token(),
          session.expiration().toEpochMilli(),
          caller.accountId(),
          caller.type().name(),
          caller.arn(),
          caller.userId(),
          caller.name(),
          session.policy(),
          String.join("\n", session.policyArns()));
      touchedKeys.add(session.keyId());
    }

    public Session session(String keyId) {
      List<Session> found =
          query(
              "SELECT * FROM session WHERE key_id=?",
              r -> {
                String arns = r.getString("policy_arns");
                return new Session(
                    r.getString("key_id"),
                    r.getString("secret"),
                    r.getString("token"),
                    Instant.ofEpochMilli(r.getLong("expiration")),
                    new Caller(
                        CallerType.valueOf(r.getString("type")),
                        r.getString("account"),
                        r.getString("arn"),
                        r.getString("user_id"),
                        r.getString("name")),
                    r.getString("policy"),
                    arns.isEmpty() ? List.of() : List.of(arns.split("\n")));
              },
              keyId);
      return found.isEmpty() ? null : found.get(0);
    }

    /** Deletes sessions that expired before {@code now}; returns how many. */
    public int deleteExpiredSessions(Instant now) {
      return exec("DELETE FROM session WHERE expiration < ?", now.toEpochMilli());
    }
  }
}
