package dev.basin.iam;

import static dev.basin.iam.IamInputs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.auth.Caller;
import dev.basin.core.auth.CallerType;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.Service;
import dev.basin.core.protocol.UrlEncoding;
import dev.basin.iam.IamStore.Entity;
import dev.basin.iam.IamStore.KeyRow;
import dev.basin.iam.IamStore.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS IAM (query protocol, a global service): users and their access keys, groups, roles, instance
 * profiles, tags and the account summary here; managed and inline policies in {@link
 * IamPolicyOperations}. State lives in the {@link IamStore}; every request's checks and changes run
 * in one transaction of it.
 */
public final class IamService implements Service {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final int MAX_KEYS_PER_USER = 2;
  static final int MAX_GROUPS_PER_USER = 10;
  static final int MAX_TAGS = 50;

  private final IamStore store;
  private final BasinClock clock;
  private final PolicyValidator validator;
  private final IamIds ids = new IamIds();
  private final Map<String, OperationHandler> operations;

  public IamService(
      IamStore store, BasinClock clock, PolicyValidator validator, ManagedPolicyCatalog catalog) {
    this.store = store;
    this.clock = clock;
    this.validator = validator;
    Map<String, OperationHandler> ops = new HashMap<>();
    ops.put("CreateUser", this::createUser);
    ops.put("GetUser", this::getUser);
    ops.put("ListUsers", (c, in) -> list(c, in, "user", "Users"));
    ops.put("UpdateUser", (c, in) -> update(c, in, "user"));
    ops.put("DeleteUser", this::deleteUser);
    ops.put("TagUser", (c, in) -> tag(c, in, "user"));
    ops.put("UntagUser", (c, in) -> untag(c, in, "user"));
    ops.put("ListUserTags", (c, in) -> listTags(c, in, "user"));
    ops.put("CreateAccessKey", this::createAccessKey);
    ops.put("ListAccessKeys", this::listAccessKeys);
    ops.put("UpdateAccessKey", this::updateAccessKey);
    ops.put("DeleteAccessKey", this::deleteAccessKey);
    ops.put("GetAccessKeyLastUsed", this::getAccessKeyLastUsed);
    ops.put("CreateGroup", this::createGroup);
    ops.put("GetGroup", this::getGroup);
    ops.put("ListGroups", (c, in) -> list(c, in, "group", "Groups"));
    ops.put("UpdateGroup", (c, in) -> update(c, in, "group"));
    ops.put("DeleteGroup", this::deleteGroup);
    ops.put("AddUserToGroup", this::addUserToGroup);
    ops.put("RemoveUserFromGroup", this::removeUserFromGroup);
    ops.put("ListGroupsForUser", this::listGroupsForUser);
    ops.put("CreateRole", this::createRole);
    ops.put("GetRole", this::getRole);
    ops.put("ListRoles", (c, in) -> list(c, in, "role", "Roles"));
    ops.put("UpdateRole", this::updateRole);
    ops.put("UpdateAssumeRolePolicy", this::updateAssumeRolePolicy);
    ops.put("DeleteRole", this::deleteRole);
    ops.put("TagRole", (c, in) -> tag(c, in, "role"));
    ops.put("UntagRole", (c, in) -> untag(c, in, "role"));
    ops.put("ListRoleTags", (c, in) -> listTags(c, in, "role"));
    ops.put("CreateInstanceProfile", this::createInstanceProfile);
    ops.put("GetInstanceProfile", this::getInstanceProfile);
    ops.put("ListInstanceProfiles", (c, in) -> list(c, in, "instance-profile", "InstanceProfiles"));
    ops.put("DeleteInstanceProfile", this::deleteInstanceProfile);
    ops.put("AddRoleToInstanceProfile", this::addRoleToInstanceProfile);
    ops.put("RemoveRoleFromInstanceProfile", this::removeRoleFromInstanceProfile);
    ops.put("ListInstanceProfilesForRole", this::listInstanceProfilesForRole);
    ops.put("GetAccountSummary", this::getAccountSummary);
    ops.putAll(new IamPolicyOperations(store, clock, ids, validator, catalog).operations());
    this.operations = Map.copyOf(ops);
  }

  @Override
  public String modelId() {
    return "iam";
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return operations;
  }

  // --- shared rendering and lookups

  /** {@code arn:aws:iam::<account>:<kind><path><name>}. */
  static String arn(String account, String kind, String path, String name) {
    return "arn:aws:iam::" + account + ":" + kind + path + name;
  }

  /** Member names of an entity kind: {@code UserName}, {@code UserId}, ... */
  static String prefix(String kind) {
    return switch (kind) {
      case "user" -> "User";
      case "group" -> "Group";
      case "role" -> "Role";
      case "policy" -> "Policy";
      default -> "InstanceProfile";
    };
  }

  /** A policy document as IAM returns it: URL-encoded, as AWS does. */
  static String encodeDocument(String document) {
    return UrlEncoding.encode(document, false);
  }

  ObjectNode render(Tx tx, String account, Entity entity, boolean withTags) {
    ObjectNode node = NODES.objectNode();
    String p = prefix(entity.kind());
    node.put("Path", entity.path());
    node.put(p + "Name", entity.name());
    node.put(p + "Id", entity.id());
    node.put("Arn", arn(account, entity.kind(), entity.path(), entity.name()));
    node.put("CreateDate", entity.created().toString());
    switch (entity.kind()) {
      case "role" -> {
        node.put("AssumeRolePolicyDocument", encodeDocument(entity.attrs().path("trust").asText()));
        if (entity.attrs().hasNonNull("description")) {
          node.put("Description", entity.attrs().get("description").asText());
        }
        node.put("MaxSessionDuration", entity.attrs().path("maxSession").asInt(3600));
        node.putObject("RoleLastUsed");
      }
      case "instance-profile" -> {
        ArrayNode roles = node.putArray("Roles");
        for (String role : tx.members(account, "instance-profile", entity.name())) {
          Entity roleEntity = tx.entity(account, "role", role);
          if (roleEntity != null) {
            roles.add(render(tx, account, roleEntity, false));
          }
        }
      }
      default -> {}
    }
    if (withTags) {
      Map<String, String> tags = tx.tags(account, entity.kind(), entity.name());
      if (!tags.isEmpty()) {
        node.set("Tags", renderTags(tags));
      }
    }
    return node;
  }

  static ArrayNode renderTags(Map<String, String> tags) {
    ArrayNode list = NODES.arrayNode();
    tags.forEach((key, value) -> list.addObject().put("Key", key).put("Value", value));
    return list;
  }

  static Entity require(Tx tx, String account, String kind, String name) {
    Entity entity = tx.entity(account, kind, name);
    if (entity == null) {
      throw IamErrors.noSuch(kind, name);
    }
    return entity;
  }

  static String nameOf(ObjectNode input, String kind, int maxLength) {
    String member = prefix(kind) + "Name";
    return IamInputs.name(
        text(input, member),
        Character.toLowerCase(member.charAt(0)) + member.substring(1),
        maxLength);
  }

  private static int maxNameLength(String kind) {
    return kind.equals("group") || kind.equals("instance-profile") ? 128 : 64;
  }

  private Entity newEntity(String kind, String name, ObjectNode input, ObjectNode attrs) {
    String id =
        switch (kind) {
          case "user" -> ids.userId();
          case "group" -> ids.groupId();
          case "role" -> ids.roleId();
          default -> ids.instanceProfileId();
        };
    return new Entity(
        kind, name, IamInputs.path(text(input, "Path"), "path"), id, clock.now(), attrs);
  }

  private ObjectNode create(
      RequestContext context, ObjectNode input, String kind, ObjectNode attrs) {
    String name = nameOf(input, kind, maxNameLength(kind));
    Map<String, String> tags = tagsOf(input);
    String account = context.accountId();
    Entity entity = newEntity(kind, name, input, attrs);
    return store.write(
        tx -> {
          if (tx.entity(account, kind, name) != null) {
            throw IamErrors.alreadyExists(
                (kind.equals("instance-profile")
                        ? "Instance Profile "
                        : prefix(kind) + " with name ")
                    + name
                    + " already exists.");
          }
          tx.insert(account, entity);
          tags.forEach((key, value) -> tx.putTag(account, kind, name, key, value));
          ObjectNode out = NODES.objectNode();
          out.set(prefix(kind), render(tx, account, entity, true));
          return out;
        });
  }

  private JsonNode list(RequestContext context, ObjectNode input, String kind, String member) {
    String account = context.accountId();
    String pathPrefix = text(input, "PathPrefix");
    return store.read(
        tx -> {
          List<Entity> entities = new ArrayList<>();
          for (Entity entity : tx.entities(account, kind)) {
            if (pathPrefix == null || entity.path().startsWith(pathPrefix)) {
              entities.add(entity);
            }
          }
          ObjectNode out = NODES.objectNode();
          IamInputs.page(input, out, member, entities, e -> render(tx, account, e, false));
          return out;
        });
  }

  private JsonNode update(RequestContext context, ObjectNode input, String kind) {
    String name = nameOf(input, kind, maxNameLength(kind));
    String newName =
        IamInputs.name(
            text(input, "New" + prefix(kind) + "Name"),
            "new" + prefix(kind) + "Name",
            maxNameLength(kind));
    String newPath = text(input, "NewPath");
    if (newPath != null) {
      IamInputs.path(newPath, "newPath");
    }
    String account = context.accountId();
    return store.write(
        tx -> {
          Entity entity = require(tx, account, kind, name);
          if (newName != null
              && !newName.equalsIgnoreCase(name)
              && tx.entity(account, kind, newName) != null) {
            throw IamErrors.alreadyExists(
                prefix(kind) + " with name " + newName + " already exists.");
          }
          tx.update(
              account,
              entity.name(),
              new Entity(
                  kind,
                  newName != null ? newName : entity.name(),
                  newPath != null ? newPath : entity.path(),
                  entity.id(),
                  entity.created(),
                  entity.attrs()));
          return null;
        });
  }

  // --- tags

  private static Map<String, String> tagsOf(ObjectNode input) {
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    JsonNode list = input.get("Tags");
    if (list != null) {
      for (JsonNode tag : list) {
        String key = tag.path("Key").asText();
        if (key.isEmpty() || key.length() > 128) {
          throw IamErrors.constraint(
              "tags.member.key", key, "Member must have length less than or equal to 128");
        }
        tags.put(key, tag.path("Value").asText(""));
      }
    }
    if (tags.size() > MAX_TAGS) {
      throw IamErrors.constraint(
          "tags", tags.toString(), "Member must have length less than or equal to 50");
    }
    return tags;
  }

  private JsonNode tag(RequestContext context, ObjectNode input, String kind) {
    String name = nameOf(input, kind, maxNameLength(kind));
    Map<String, String> tags = tagsOf(input);
    String account = context.accountId();
    return store.write(
        tx -> {
          require(tx, account, kind, name);
          Map<String, String> existing = tx.tags(account, kind, name);
          long added =
              tags.keySet().stream()
                  .filter(k -> existing.keySet().stream().noneMatch(k::equalsIgnoreCase))
                  .count();
          if (existing.size() + added > MAX_TAGS) {
            throw IamErrors.limitExceeded("The number of tags has reached the maximum limit.");
          }
          tags.forEach((key, value) -> tx.putTag(account, kind, name, key, value));
          return null;
        });
  }

  private JsonNode untag(RequestContext context, ObjectNode input, String kind) {
    String name = nameOf(input, kind, maxNameLength(kind));
    String account = context.accountId();
    return store.write(
        tx -> {
          require(tx, account, kind, name);
          for (JsonNode key : input.path("TagKeys")) {
            tx.deleteTag(account, kind, name, key.asText());
          }
          return null;
        });
  }

  private JsonNode listTags(RequestContext context, ObjectNode input, String kind) {
    String name = nameOf(input, kind, maxNameLength(kind));
    String account = context.accountId();
    return store.read(
        tx -> {
          require(tx, account, kind, name);
          ObjectNode out = NODES.objectNode();
          List<Map.Entry<String, String>> tags =
              List.copyOf(tx.tags(account, kind, name).entrySet());
          IamInputs.page(
              input,
              out,
              "Tags",
              tags,
              e -> NODES.objectNode().put("Key", e.getKey()).put("Value", e.getValue()));
          return out;
        });
  }

  // --- users

  private JsonNode createUser(RequestContext context, ObjectNode input) {
    return create(context, input, "user", NODES.objectNode());
  }

  private JsonNode getUser(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String name = IamInputs.name(text(input, "UserName"), "userName", 64);
    if (name == null) {
      Caller caller = context.caller();
      if (caller.type() != CallerType.IAM_USER) {
        ObjectNode out = NODES.objectNode();
        out.putObject("User")
            .put("UserId", account)
            .put("Arn", "arn:aws:iam::" + account + ":root")
            .put("CreateDate", Instant.EPOCH.toString());
        return out;
      }
      name = caller.name();
    }
    String user = name;
    return store.read(
        tx -> {
          ObjectNode out = NODES.objectNode();
          out.set("User", render(tx, account, require(tx, account, "user", user), true));
          return out;
        });
  }

  private JsonNode deleteUser(RequestContext context, ObjectNode input) {
    String name = nameOf(input, "user", 64);
    String account = context.accountId();
    return store.write(
        tx -> {
          require(tx, account, "user", name);
          if (!tx.keysOf(account, name).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete access keys first.");
          }
          if (!tx.inlinePolicies(account, "user", name).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
          }
          if (!tx.attached(account, "user", name).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
          }
          if (!tx.containersOf(account, "group", name).isEmpty()) {
            throw IamErrors.deleteConflict(
                "Cannot delete entity, must remove user from all groups first.");
          }
          tx.delete(account, "user", name);
          return null;
        });
  }

  // --- access keys

  /** The user a key operation names, or the calling user when it names none. */
  private static String keyUser(RequestContext context, ObjectNode input) {
    String name = IamInputs.name(text(input, "UserName"), "userName", 128);
    if (name != null) {
      return name;
    }
    Caller caller = context.caller();
    if (caller.type() == CallerType.IAM_USER) {
      return caller.name();
    }
    throw IamErrors.validation("Must specify userName when calling with non-User credentials");
  }

  private JsonNode createAccessKey(RequestContext context, ObjectNode input) {
    String user = keyUser(context, input);
    String account = context.accountId();
    KeyRow key =
        new KeyRow(
            ids.accessKeyId(),
            account,
            null,
            ids.secret(),
            "Active",
            clock.now(),
            null,
            null,
            null);
    return store.write(
        tx -> {
          Entity entity = require(tx, account, "user", user);
          if (tx.keysOf(account, entity.name()).size() >= MAX_KEYS_PER_USER) {
            throw IamErrors.limitExceeded(
                "Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS_PER_USER);
          }
          KeyRow row =
              new KeyRow(
                  key.id(),
                  account,
                  entity.name(),
                  key.secret(),
                  "Active",
                  key.created(),
                  null,
                  null,
                  null);
          tx.insertKey(row);
          ObjectNode out = NODES.objectNode();
          out.putObject("AccessKey")
              .put("UserName", entity.name())
              .put("AccessKeyId", row.id())
              .put("Status", row.status())
              .put("SecretAccessKey", row.secret())
              .put("CreateDate", row.created().toString());
          return out;
        });
  }

  private JsonNode listAccessKeys(RequestContext context, ObjectNode input) {
    String user = keyUser(context, input);
    String account = context.accountId();
    return store.read(
        tx -> {
          Entity entity = require(tx, account, "user", user);
          ObjectNode out = NODES.objectNode();
          IamInputs.page(
              input,
              out,
              "AccessKeyMetadata",
              tx.keysOf(account, entity.name()),
              key ->
                  NODES
                      .objectNode()
                      .put("UserName", key.userName())
                      .put("AccessKeyId", key.id())
                      .put("Status", key.status())
                      .put("CreateDate", key.created().toString()));
          return out;
        });
  }

  private KeyRow requireKey(Tx tx, String account, String user, String keyId) {
    require(tx, account, "user", user);
    KeyRow key = tx.key(keyId);
    if (key == null || !key.account().equals(account) || !key.userName().equalsIgnoreCase(user)) {
      throw IamErrors.noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
    }
    return key;
  }

  private JsonNode updateAccessKey(RequestContext context, ObjectNode input) {
    String user = keyUser(context, input);
    String keyId = text(input, "AccessKeyId");
    String status = text(input, "Status");
    if (!"Active".equals(status) && !"Inactive".equals(status)) {
      throw IamErrors.constraint(
          "status", status, "Member must satisfy enum value set: [Active, Inactive]");
    }
    String account = context.accountId();
    return store.write(
        tx -> {
          requireKey(tx, account, user, keyId);
          tx.updateKeyStatus(keyId, status);
          return null;
        });
  }

  private JsonNode deleteAccessKey(RequestContext context, ObjectNode input) {
    String user = keyUser(context, input);
    String keyId = text(input, "AccessKeyId");
    String account = context.accountId();
    return store.write(
        tx -> {
          requireKey(tx, account, user, keyId);
          tx.deleteKey(keyId);
          return null;
        });
  }

  private JsonNode getAccessKeyLastUsed(RequestContext context, ObjectNode input) {
    String keyId = text(input, "AccessKeyId");
    String account = context.accountId();
    return store.read(
        tx -> {
          KeyRow key = tx.key(keyId);
          if (key == null || !key.account().equals(account)) {
            throw IamErrors.noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
          }
          ObjectNode out = NODES.objectNode();
          out.put("UserName", key.userName());
          ObjectNode used = out.putObject("AccessKeyLastUsed");
          if (key.lastUsed() != null) {
            used.put("LastUsedDate", key.lastUsed().toString());
          }
          used.put("ServiceName", key.lastService() != null ? key.lastService() : "N/A");
          used.put("Region", key.lastRegion() != null ? key.lastRegion() : "N/A");
          return out;
        });
  }

  // --- groups

  private JsonNode createGroup(RequestContext context, ObjectNode input) {
    return create(context, input, "group", NODES.objectNode());
  }

  private JsonNode getGroup(RequestContext context, ObjectNode input) {
    String name = nameOf(input, "group", 128);
    String account = context.accountId();
    return store.read(
        tx -> {
          Entity group = require(tx, account, "group", name);
          ObjectNode out = NODES.objectNode();
          out.set("Group", render(tx, account, group, false));
          List<Entity> users = new ArrayList<>();
          for (String user : tx.members(account, "group", group.name())) {
            Entity entity = tx.entity(account, "user", user);
            if (entity != null) {
              users.add(entity);
            }
          }
          IamInputs.page(input, out, "Users", users, u -> render(tx, account, u, false));
          return out;
        });
  }

  private JsonNode deleteGroup(RequestContext context, ObjectNode input) {
    String name = nameOf(input, "group", 128);
    String account = context.accountId();
    return store.write(
        tx -> {
          require(tx, account, "group", name);
          if (!tx.members(account, "group", name).isEmpty()) {
            throw IamErrors.deleteConflict(
                "Cannot delete entity, must remove users from group first.");
          }
          if (!tx.inlinePolicies(account, "group", name).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
          }
          if (!tx.attached(account, "group", name).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
          }
          tx.delete(account, "group", name);
          return null;
        });
  }

  private JsonNode addUserToGroup(RequestContext context, ObjectNode input) {
    String group = nameOf(input, "group", 128);
    String user = nameOf(input, "user", 128);
    String account = context.accountId();
    return store.write(
        tx -> {
          Entity groupEntity = require(tx, account, "group", group);
          Entity userEntity = require(tx, account, "user", user);
          List<String> groups = tx.containersOf(account, "group", userEntity.name());
          boolean member = groups.stream().anyMatch(g -> g.equalsIgnoreCase(group));
          if (!member && groups.size() >= MAX_GROUPS_PER_USER) {
            throw IamErrors.limitExceeded(
                "Cannot exceed quota for GroupsPerUser: " + MAX_GROUPS_PER_USER);
          }
          tx.addMember(account, "group", groupEntity.name(), userEntity.name());
          return null;
        });
  }

  private JsonNode removeUserFromGroup(RequestContext context, ObjectNode input) {
    String group = nameOf(input, "group", 128);
    String user = nameOf(input, "user", 128);
    String account = context.accountId();
    return store.write(
        tx -> {
          require(tx, account, "group", group);
          require(tx, account, "user", user);
          if (!tx.removeMember(account, "group", group, user)) {
            throw IamErrors.noSuchEntity(
                "The user with name " + user + " cannot be found in group " + group + ".");
          }
          return null;
        });
  }

  private JsonNode listGroupsForUser(RequestContext context, ObjectNode input) {
    String user = nameOf(input, "user", 128);
    String account = context.accountId();
    return store.read(
        tx -> {
          Entity userEntity = require(tx, account, "user", user);
          List<Entity> groups = new ArrayList<>();
          for (String group : tx.containersOf(account, "group", userEntity.name())) {
            Entity entity = tx.entity(account, "group", group);
            if (entity != null) {
              groups.add(entity);
            }
          }
          ObjectNode out = NODES.objectNode();
          IamInputs.page(input, out, "Groups", groups, g -> render(tx, account, g, false));
          return out;
        });
  }

  // --- roles

  private static int maxSession(ObjectNode input) {
    JsonNode value = input.get("MaxSessionDuration");
    if (value == null || value.isNull()) {
      return 3600;
    }
    int seconds = value.asInt();
    if (seconds < 3600 || seconds > 43200) {
      throw IamErrors.constraint(
          "maxSessionDuration",
          value.asText(),
          seconds < 3600
              ? "Member must have value greater than or equal to 3600"
              : "Member must have value less than or equal to 43200");
    }
    return seconds;
  }

  /** A trust policy within the ACLSizePerRole quota and valid. */
  private void validateTrust(String trust) {
    int quota = dev.basin.iam.policy.PolicyLimits.ROLE_TRUST_POLICY_CHARS;
    if (trust != null && dev.basin.iam.policy.PolicyLimits.countedLength(trust) > quota) {
      throw IamErrors.limitExceeded("Cannot exceed quota for ACLSizePerRole: " + quota);
    }
    validator.validate(trust, PolicyValidator.Kind.TRUST);
  }

  private JsonNode createRole(RequestContext context, ObjectNode input) {
    String trust = text(input, "AssumeRolePolicyDocument");
    validateTrust(trust);
    ObjectNode attrs = NODES.objectNode();
    attrs.put("trust", trust);
    attrs.put("maxSession", maxSession(input));
    if (text(input, "Description") != null) {
      attrs.put("description", text(input, "Description"));
    }
    return create(context, input, "role", attrs);
  }

  private JsonNode getRole(RequestContext context, ObjectNode input) {
    String name = nameOf(input, "role", 64);
    String account = context.accountId();
    return store.read(
        tx -> {
          ObjectNode out = NODES.objectNode();
          out.set("Role", render(tx, account, require(tx, account, "role", name), true));
          return out;
        });
  }

  private JsonNode changeRole(
      RequestContext context, ObjectNode input, java.util.function.Consumer<ObjectNode> change) {
    String name = nameOf(input, "role", 64);
    String account = context.accountId();
    return store.write(
        tx -> {
          Entity role = require(tx, account, "role", name);
          ObjectNode attrs = role.attrs().deepCopy();
          change.accept(attrs);
          tx.update(
              account,
              role.name(),
              new Entity("role", role.name(), role.path(), role.id(), role.created(), attrs));
          return null;
        });
  }

  private JsonNode updateRole(RequestContext context, ObjectNode input) {
    Integer max = input.hasNonNull("MaxSessionDuration") ? maxSession(input) : null;
    String description = text(input, "Description");
    changeRole(
        context,
        input,
        attrs -> {
          if (max != null) {
            attrs.put("maxSession", max);
          }
          if (description != null) {
            attrs.put("description", description);
          }
        });
    return NODES.objectNode();
  }

  private JsonNode updateAssumeRolePolicy(RequestContext context, ObjectNode input) {
    String trust = text(input, "PolicyDocument");
    validateTrust(trust);
    return changeRole(context, input, attrs -> attrs.put("trust", trust));
  }

  private JsonNode deleteRole(RequestContext context, ObjectNode input) {
    String name = nameOf(input, "role", 64);
    String account = context.accountId();
    return store.write(
        tx -> {
          require(tx, account, "role", name);
          if (!tx.inlinePolicies(account, "role", name).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
          }
          if (!tx.attached(account, "role", name).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
          }
          if (!tx.containersOf(account, "instance-profile", name).isEmpty()) {
            throw IamErrors.deleteConflict(
                "Cannot delete entity, must remove roles from instance profile first.");
          }
          tx.delete(account, "role", name);
          return null;
        });
  }

  // --- instance profiles

  private JsonNode createInstanceProfile(RequestContext context, ObjectNode input) {
    return create(context, input, "instance-profile", NODES.objectNode());
  }

  private JsonNode getInstanceProfile(RequestContext context, ObjectNode input) {
    String name = nameOf(input, "instance-profile", 128);
    String account = context.accountId();
    return store.read(
        tx -> {
          ObjectNode out = NODES.objectNode();
          out.set(
              "InstanceProfile",
              render(tx, account, require(tx, account, "instance-profile", name), true));
          return out;
        });
  }

  private JsonNode deleteInstanceProfile(RequestContext context, ObjectNode input) {
    String name = nameOf(input, "instance-profile", 128);
    String account = context.accountId();
    return store.write(
        tx -> {
          require(tx, account, "instance-profile", name);
          if (!tx.members(account, "instance-profile", name).isEmpty()) {
            throw IamErrors.deleteConflict(
                "Cannot delete entity, must remove roles from instance profile first.");
          }
          tx.delete(account, "instance-profile", name);
          return null;
        });
  }

  private JsonNode addRoleToInstanceProfile(RequestContext context, ObjectNode input) {
    String profile = nameOf(input, "instance-profile", 128);
    String role = nameOf(input, "role", 64);
    String account = context.accountId();
    return store.write(
        tx -> {
          Entity profileEntity = require(tx, account, "instance-profile", profile);
          Entity roleEntity = require(tx, account, "role", role);
          if (!tx.members(account, "instance-profile", profileEntity.name()).isEmpty()) {
            throw IamErrors.limitExceeded(
                "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
          }
          tx.addMember(account, "instance-profile", profileEntity.name(), roleEntity.name());
          return null;
        });
  }

  private JsonNode removeRoleFromInstanceProfile(RequestContext context, ObjectNode input) {
    String profile = nameOf(input, "instance-profile", 128);
    String role = nameOf(input, "role", 64);
    String account = context.accountId();
    return store.write(
        tx -> {
          require(tx, account, "instance-profile", profile);
          require(tx, account, "role", role);
          if (!tx.removeMember(account, "instance-profile", profile, role)) {
            throw IamErrors.noSuchEntity(
                "The role with name "
                    + role
                    + " cannot be found in instance profile "
                    + profile
                    + ".");
          }
          return null;
        });
  }

  private JsonNode listInstanceProfilesForRole(RequestContext context, ObjectNode input) {
    String role = nameOf(input, "role", 64);
    String account = context.accountId();
    return store.read(
        tx -> {
          Entity roleEntity = require(tx, account, "role", role);
          List<Entity> profiles = new ArrayList<>();
          for (String name : tx.containersOf(account, "instance-profile", roleEntity.name())) {
            Entity entity = tx.entity(account, "instance-profile", name);
            if (entity != null) {
              profiles.add(entity);
            }
          }
          ObjectNode out = NODES.objectNode();
          IamInputs.page(
              input, out, "InstanceProfiles", profiles, p -> render(tx, account, p, false));
          return out;
        });
  }

  // --- account summary

  private JsonNode getAccountSummary(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    return store.read(
        tx -> {
          ObjectNode out = NODES.objectNode();
          ObjectNode map = out.putObject("SummaryMap");
          map.put("Users", tx.count(account, "user"));
          map.put("Groups", tx.count(account, "group"));
          map.put("Roles", tx.count(account, "role"));
          map.put("Policies", tx.count(account, "policy"));
          map.put("InstanceProfiles", tx.count(account, "instance-profile"));
          map.put("UsersQuota", 5000);
          map.put("GroupsQuota", 300);
          map.put("RolesQuota", 1000);
          map.put("PoliciesQuota", 1500);
          map.put("InstanceProfilesQuota", 1000);
          map.put("AccessKeysPerUserQuota", MAX_KEYS_PER_USER);
          map.put("GroupsPerUserQuota", MAX_GROUPS_PER_USER);
          map.put("AttachedPoliciesPerUserQuota", IamPolicyOperations.MAX_ATTACHED);
          map.put("AttachedPoliciesPerGroupQuota", IamPolicyOperations.MAX_ATTACHED);
          map.put("AttachedPoliciesPerRoleQuota", IamPolicyOperations.MAX_ATTACHED);
          map.put("PolicyVersionsInUseQuota", 10000);
          map.put("VersionsPerPolicyQuota", IamPolicyOperations.MAX_VERSIONS);
          map.put("PolicySizeQuota", IamPolicyOperations.MAX_POLICY_SIZE);
          return out;
        });
  }
}
