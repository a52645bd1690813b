package dev.basin.iam;

import static dev.basin.iam.IamInputs.text;
import static dev.basin.iam.IamService.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.iam.IamStore.Entity;
import dev.basin.iam.IamStore.Tx;
import dev.basin.iam.IamStore.VersionRow;
import dev.basin.iam.ManagedPolicyCatalog.AwsPolicy;
import dev.basin.iam.policy.PolicyLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM's policy operations: customer managed policies and their versions, inline policies of users,
 * groups and roles, attachments of managed policies (customer and AWS managed, the latter from the
 * {@link ManagedPolicyCatalog}). Documents are stored as given and returned URL-encoded.
 */
final class IamPolicyOperations {
  static final int MAX_ATTACHED = 10;
  static final int MAX_VERSIONS = 5;
  static final int MAX_POLICY_SIZE = dev.basin.iam.policy.PolicyLimits.MANAGED_POLICY_CHARS;

  private final IamStore store;
  private final BasinClock clock;
  private final IamIds ids;
  private final PolicyValidator validator;
  private final ManagedPolicyCatalog catalog;

  IamPolicyOperations(
      IamStore store,
      BasinClock clock,
      IamIds ids,
      PolicyValidator validator,
      ManagedPolicyCatalog catalog) {
    this.store = store;
    this.clock = clock;
    this.ids = ids;
    this.validator = validator;
    this.catalog = catalog;
  }

  Map<String, OperationHandler> operations() {
    Map<String, OperationHandler> ops = new HashMap<>();
    ops.put("CreatePolicy", this::createPolicy);
    ops.put("GetPolicy", this::getPolicy);
    ops.put("ListPolicies", this::listPolicies);
    ops.put("DeletePolicy", this::deletePolicy);
    ops.put("CreatePolicyVersion", this::createPolicyVersion);
    ops.put("GetPolicyVersion", this::getPolicyVersion);
    ops.put("ListPolicyVersions", this::listPolicyVersions);
    ops.put("SetDefaultPolicyVersion", this::setDefaultPolicyVersion);
    ops.put("DeletePolicyVersion", this::deletePolicyVersion);
    ops.put("ListEntitiesForPolicy", this::listEntitiesForPolicy);
    for (String kind : List.of("user", "group", "role")) {
      String p = IamService.prefix(kind);
      ops.put("Put" + p + "Policy", (c, in) -> putInline(c, in, kind));
      ops.put("Get" + p + "Policy", (c, in) -> getInline(c, in, kind));
      ops.put("List" + p + "Policies", (c, in) -> listInline(c, in, kind));
      ops.put("Delete" + p + "Policy", (c, in) -> deleteInline(c, in, kind));
      ops.put("Attach" + p + "Policy", (c, in) -> attach(c, in, kind));
      ops.put("Detach" + p + "Policy", (c, in) -> detach(c, in, kind));
      ops.put("ListAttached" + p + "Policies", (c, in) -> listAttached(c, in, kind));
    }
    return ops;
  }

  // --- documents

  /** A managed policy's document: within the PolicySize quota and valid. */
  private String document(ObjectNode input, String member) {
    String document = text(input, member);
    if (PolicyLimits.countedLength(document) > MAX_POLICY_SIZE) {
      throw IamErrors.limitExceeded("Cannot exceed quota for PolicySize: " + MAX_POLICY_SIZE);
    }
    validator.validate(document, PolicyValidator.Kind.IDENTITY);
    return document;
  }

  /** The quota of all inline policies of one user, group or role together. */
  private static int inlineQuota(String kind) {
    return switch (kind) {
      case "user" -> PolicyLimits.USER_INLINE_CHARS;
      case "group" -> PolicyLimits.GROUP_INLINE_CHARS;
      default -> PolicyLimits.ROLE_INLINE_CHARS;
    };
  }

  // --- managed policies: a customer policy is an entity of kind "policy"

  /** A resolved managed policy: a customer one (entity) or an AWS one (aws). */
  private record Managed(String arn, Entity entity, AwsPolicy aws) {
    String name() {
      return entity != null ? entity.name() : aws.name();
    }
  }

  private Managed resolve(Tx tx, String account, String arn) {
    if (arn == null || !arn.startsWith("arn:aws:iam::") || arn.indexOf(":policy/") < 0) {
      throw IamErrors.invalidInput("ARN " + arn + " is not valid.");
    }
    String owner = arn.substring("arn:aws:iam::".length(), arn.indexOf(":policy/"));
    if (owner.equals("aws")) {
      AwsPolicy aws = catalog.find(arn).orElseThrow(() -> notAttachable(arn));
      return new Managed(arn, null, aws);
    }
    String rest = arn.substring(arn.indexOf(":policy/") + ":policy".length());
    int slash = rest.lastIndexOf('/');
    Entity entity =
        owner.equals(account) ? tx.entity(account, "policy", rest.substring(slash + 1)) : null;
    if (entity == null || !entity.path().equals(rest.substring(0, slash + 1))) {
      throw notAttachable(arn);
    }
    return new Managed(arn, entity, null);
  }

  private static dev.basin.core.protocol.AwsException notAttachable(String arn) {
    return IamErrors.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
  }

  private ObjectNode render(Tx tx, String account, Managed policy) {
    ObjectNode node = NODES.objectNode();
    node.put("PolicyName", policy.name());
    node.put("Arn", policy.arn());
    node.put("AttachmentCount", tx.attachmentsOf(account, policy.arn()).size());
    node.put("PermissionsBoundaryUsageCount", 0);
    node.put("IsAttachable", true);
    if (policy.entity() != null) {
      Entity entity = policy.entity();
      node.put("PolicyId", entity.id());
      node.put("Path", entity.path());
      node.put("DefaultVersionId", entity.attrs().path("defaultVersion").asText());
      if (entity.attrs().hasNonNull("description")) {
        node.put("Description", entity.attrs().get("description").asText());
      }
      node.put("CreateDate", entity.created().toString());
      node.put(
          "UpdateDate", Instant.ofEpochMilli(entity.attrs().path("updated").asLong()).toString());
    } else {
      AwsPolicy aws = policy.aws();
      node.put("PolicyId", aws.policyId());
      node.put("Path", aws.path());
      node.put("DefaultVersionId", aws.versionId());
      node.put("CreateDate", aws.created().toString());
      node.put("UpdateDate", aws.updated().toString());
    }
    return node;
  }

  private JsonNode createPolicy(RequestContext context, ObjectNode input) {
    String name = IamInputs.name(text(input, "PolicyName"), "policyName", 128);
    String path = IamInputs.path(text(input, "Path"), "path");
    String document = document(input, "PolicyDocument");
    String account = context.accountId();
    Instant now = clock.now();
    ObjectNode attrs = NODES.objectNode();
    attrs.put("defaultVersion", "v1");
    attrs.put("nextVersion", 2);
    attrs.put("updated", now.toEpochMilli());
    if (text(input, "Description") != null) {
      attrs.put("description", text(input, "Description"));
    }
    Entity entity = new Entity("policy", name, path, ids.policyId(), now, attrs);
    return store.write(
        tx -> {
          if (tx.entity(account, "policy", name) != null) {
            throw IamErrors.alreadyExists(
                "A policy called " + name + " already exists. Duplicate names are not allowed.");
          }
          tx.insert(account, entity);
          tx.insertVersion(account, name, new VersionRow("v1", document, now));
          for (JsonNode tag : input.path("Tags")) {
            tx.putTag(
                account, "policy", name, tag.path("Key").asText(), tag.path("Value").asText(""));
          }
          ObjectNode out = NODES.objectNode();
          ObjectNode policy =
              render(
                  tx,
                  account,
                  new Managed(IamService.arn(account, "policy", path, name), entity, null));
          Map<String, String> tags = tx.tags(account, "policy", name);
          if (!tags.isEmpty()) {
            policy.set("Tags", IamService.renderTags(tags));
          }
          out.set("Policy", policy);
          return out;
        });
  }

  private JsonNode getPolicy(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    return store.read(
        tx -> {
          ObjectNode out = NODES.objectNode();
          out.set("Policy", render(tx, account, resolve(tx, account, text(input, "PolicyArn"))));
          return out;
        });
  }

  private JsonNode listPolicies(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String scope = text(input, "Scope") == null ? "All" : text(input, "Scope");
    boolean onlyAttached = input.path("OnlyAttached").asBoolean(false);
    String pathPrefix = text(input, "PathPrefix");
    return store.read(
        tx -> {
          List<Managed> policies = new ArrayList<>();
          if (!scope.equals("Local")) {
            for (AwsPolicy aws : catalog.all()) {
              policies.add(new Managed(aws.arn(), null, aws));
            }
          }
          if (!scope.equals("AWS")) {
            for (Entity entity : tx.entities(account, "policy")) {
              policies.add(
                  new Managed(
                      IamService.arn(account, "policy", entity.path(), entity.name()),
                      entity,
                      null));
            }
          }
          List<ObjectNode> rendered = new ArrayList<>();
          for (Managed policy : policies) {
            ObjectNode node = render(tx, account, policy);
            if ((pathPrefix == null || node.path("Path").asText().startsWith(pathPrefix))
                && (!onlyAttached || node.path("AttachmentCount").asInt() > 0)) {
              rendered.add(node);
            }
          }
          ObjectNode out = NODES.objectNode();
          IamInputs.page(input, out, "Policies", rendered, node -> node);
          return out;
        });
  }

  private Entity requireCustomer(Tx tx, String account, String arn) {
    Managed policy = resolve(tx, account, arn);
    if (policy.entity() == null) {
      throw IamErrors.invalidInput("AWS managed policies cannot be changed: " + arn);
    }
    return policy.entity();
  }

  private JsonNode deletePolicy(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String arn = text(input, "PolicyArn");
    return store.write(
        tx -> {
          Entity policy = requireCustomer(tx, account, arn);
          if (!tx.attachmentsOf(account, arn).isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
          }
          List<VersionRow> versions = tx.versions(account, policy.name());
          if (versions.size() > 1) {
            throw IamErrors.deleteConflict(
                "This policy has more than one version. Before you delete a policy, you must"
                    + " delete the policy's versions. The default version is deleted with the"
                    + " policy.");
          }
          versions.forEach(v -> tx.deleteVersion(account, policy.name(), v.versionId()));
          tx.delete(account, "policy", policy.name());
          return null;
        });
  }

  private static ObjectNode renderVersion(VersionRow version, String defaultId, boolean document) {
    ObjectNode node = NODES.objectNode();
    if (document) {
      node.put("Document", IamService.encodeDocument(version.document()));
    }
    node.put("VersionId", version.versionId());
    node.put("IsDefaultVersion", version.versionId().equals(defaultId));
    node.put("CreateDate", version.created().toString());
    return node;
  }

  private void setDefault(Tx tx, String account, Entity policy, String versionId, Instant now) {
    ObjectNode attrs = policy.attrs().deepCopy();
    attrs.put("defaultVersion", versionId);
    attrs.put("updated", now.toEpochMilli());
    tx.update(
        account,
        policy.name(),
        new Entity("policy", policy.name(), policy.path(), policy.id(), policy.created(), attrs));
  }

  private JsonNode createPolicyVersion(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String arn = text(input, "PolicyArn");
    String document = document(input, "PolicyDocument");
    boolean setAsDefault = input.path("SetAsDefault").asBoolean(false);
    Instant now = clock.now();
    return store.write(
        tx -> {
          Entity policy = requireCustomer(tx, account, arn);
          if (tx.versions(account, policy.name()).size() >= MAX_VERSIONS) {
            throw IamErrors.limitExceeded(
                "A managed policy can have up to "
                    + MAX_VERSIONS
                    + " versions. Before you create a new version, you must delete an existing"
                    + " version.");
          }
          int number = policy.attrs().path("nextVersion").asInt(2);
          VersionRow version = new VersionRow("v" + number, document, now);
          tx.insertVersion(account, policy.name(), version);
          ObjectNode attrs = policy.attrs().deepCopy();
          attrs.put("nextVersion", number + 1);
          if (setAsDefault) {
            attrs.put("defaultVersion", version.versionId());
          }
          attrs.put("updated", now.toEpochMilli());
          tx.update(
              account,
              policy.name(),
              new Entity(
                  "policy", policy.name(), policy.path(), policy.id(), policy.created(), attrs));
          ObjectNode out = NODES.objectNode();
          out.set(
              "PolicyVersion",
              renderVersion(version, attrs.path("defaultVersion").asText(), false));
          return out;
        });
  }

  private static VersionRow findVersion(List<VersionRow> versions, String versionId, String arn) {
    for (VersionRow version : versions) {
      if (version.versionId().equals(versionId)) {
        return version;
      }
    }
    throw IamErrors.noSuchEntity(
        "Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
  }

  private JsonNode getPolicyVersion(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String arn = text(input, "PolicyArn");
    String versionId = text(input, "VersionId");
    return store.read(
        tx -> {
          Managed policy = resolve(tx, account, arn);
          ObjectNode out = NODES.objectNode();
          if (policy.aws() != null) {
            AwsPolicy aws = policy.aws();
            VersionRow version =
                findVersion(
                    List.of(new VersionRow(aws.versionId(), aws.document(), aws.created())),
                    versionId,
                    arn);
            out.set("PolicyVersion", renderVersion(version, aws.versionId(), true));
          } else {
            Entity entity = policy.entity();
            VersionRow version = findVersion(tx.versions(account, entity.name()), versionId, arn);
            out.set(
                "PolicyVersion",
                renderVersion(version, entity.attrs().path("defaultVersion").asText(), true));
          }
          return out;
        });
  }

  private JsonNode listPolicyVersions(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String arn = text(input, "PolicyArn");
    return store.read(
        tx -> {
          Managed policy = resolve(tx, account, arn);
          List<VersionRow> versions;
          String defaultId;
          if (policy.aws() != null) {
            AwsPolicy aws = policy.aws();
            versions = List.of(new VersionRow(aws.versionId(), aws.document(), aws.created()));
            defaultId = aws.versionId();
          } else {
            versions = tx.versions(account, policy.entity().name());
            defaultId = policy.entity().attrs().path("defaultVersion").asText();
          }
          ObjectNode out = NODES.objectNode();
          IamInputs.page(input, out, "Versions", versions, v -> renderVersion(v, defaultId, false));
          return out;
        });
  }

  private JsonNode setDefaultPolicyVersion(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String arn = text(input, "PolicyArn");
    String versionId = text(input, "VersionId");
    Instant now = clock.now();
    return store.write(
        tx -> {
          Entity policy = requireCustomer(tx, account, arn);
          findVersion(tx.versions(account, policy.name()), versionId, arn);
          setDefault(tx, account, policy, versionId, now);
          return null;
        });
  }

  private JsonNode deletePolicyVersion(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String arn = text(input, "PolicyArn");
    String versionId = text(input, "VersionId");
    return store.write(
        tx -> {
          Entity policy = requireCustomer(tx, account, arn);
          findVersion(tx.versions(account, policy.name()), versionId, arn);
          if (policy.attrs().path("defaultVersion").asText().equals(versionId)) {
            throw IamErrors.deleteConflict("Cannot delete the default version of a policy.");
          }
          tx.deleteVersion(account, policy.name(), versionId);
          return null;
        });
  }

  private JsonNode listEntitiesForPolicy(RequestContext context, ObjectNode input) {
    String account = context.accountId();
    String arn = text(input, "PolicyArn");
    String filter = text(input, "EntityFilter");
    String pathPrefix = text(input, "PathPrefix");
    return store.read(
        tx -> {
          resolve(tx, account, arn);
          ObjectNode out = NODES.objectNode();
          out.putArray("PolicyGroups");
          out.putArray("PolicyUsers");
          out.putArray("PolicyRoles");
          for (IamStore.AttachmentRow row : tx.attachmentsOf(account, arn)) {
            String p = IamService.prefix(row.kind());
            if (filter != null && !filter.equals(p)) {
              continue;
            }
            Entity entity = tx.entity(account, row.kind(), row.owner());
            if (entity == null || (pathPrefix != null && !entity.path().startsWith(pathPrefix))) {
              continue;
            }
            ((com.fasterxml.jackson.databind.node.ArrayNode) out.get("Policy" + p + "s"))
                .addObject()
                .put(p + "Name", entity.name())
                .put(p + "Id", entity.id());
          }
          out.put("IsTruncated", false);
          return out;
        });
  }

  // --- inline policies

  private JsonNode putInline(RequestContext context, ObjectNode input, String kind) {
    String owner = IamService.nameOf(input, kind, 128);
    String name = IamInputs.name(text(input, "PolicyName"), "policyName", 128);
    String document = text(input, "PolicyDocument");
    validator.validate(document, PolicyValidator.Kind.IDENTITY);
    String account = context.accountId();
    int quota = inlineQuota(kind);
    return store.write(
        tx -> {
          Entity entity = IamService.require(tx, account, kind, owner);
          int total = PolicyLimits.countedLength(document);
          for (Map.Entry<String, String> other :
              tx.inlinePolicies(account, kind, entity.name()).entrySet()) {
            if (!other.getKey().equalsIgnoreCase(name)) {
              total += PolicyLimits.countedLength(other.getValue());
            }
          }
          if (total > quota) {
            throw IamErrors.limitExceeded(
                "Maximum policy size of "
                    + quota
                    + " bytes exceeded for "
                    + kind
                    + " "
                    + entity.name());
          }
          tx.putInline(account, kind, entity.name(), name, document);
          return null;
        });
  }

  private JsonNode getInline(RequestContext context, ObjectNode input, String kind) {
    String owner = IamService.nameOf(input, kind, 128);
    String name = IamInputs.name(text(input, "PolicyName"), "policyName", 128);
    String account = context.accountId();
    return store.read(
        tx -> {
          Entity entity = IamService.require(tx, account, kind, owner);
          for (Map.Entry<String, String> policy :
              tx.inlinePolicies(account, kind, entity.name()).entrySet()) {
            if (policy.getKey().equalsIgnoreCase(name)) {
              ObjectNode out = NODES.objectNode();
              out.put(IamService.prefix(kind) + "Name", entity.name());
              out.put("PolicyName", policy.getKey());
              out.put("PolicyDocument", IamService.encodeDocument(policy.getValue()));
              return out;
            }
          }
          throw IamErrors.noSuchEntity(
              "The " + kind + " policy with name " + name + " cannot be found.");
        });
  }

  private JsonNode listInline(RequestContext context, ObjectNode input, String kind) {
    String owner = IamService.nameOf(input, kind, 128);
    String account = context.accountId();
    return store.read(
        tx -> {
          Entity entity = IamService.require(tx, account, kind, owner);
          ObjectNode out = NODES.objectNode();
          IamInputs.page(
              input,
              out,
              "PolicyNames",
              List.copyOf(tx.inlinePolicies(account, kind, entity.name()).keySet()),
              NODES::textNode);
          return out;
        });
  }

  private JsonNode deleteInline(RequestContext context, ObjectNode input, String kind) {
    String owner = IamService.nameOf(input, kind, 128);
    String name = IamInputs.name(text(input, "PolicyName"), "policyName", 128);
    String account = context.accountId();
    return store.write(
        tx -> {
          Entity entity = IamService.require(tx, account, kind, owner);
          if (!tx.deleteInline(account, kind, entity.name(), name)) {
            throw IamErrors.noSuchEntity(
                "The " + kind + " policy with name " + name + " cannot be found.");
          }
          return null;
        });
  }

  // --- attachments

  private JsonNode attach(RequestContext context, ObjectNode input, String kind) {
    String owner = IamService.nameOf(input, kind, 128);
    String arn = text(input, "PolicyArn");
    String account = context.accountId();
    return store.write(
        tx -> {
          Entity entity = IamService.require(tx, account, kind, owner);
          resolve(tx, account, arn);
          List<String> attached = tx.attached(account, kind, entity.name());
          if (!attached.contains(arn) && attached.size() >= MAX_ATTACHED) {
            throw IamErrors.limitExceeded(
                "Cannot exceed quota for PoliciesPer"
                    + IamService.prefix(kind)
                    + ": "
                    + MAX_ATTACHED);
          }
          tx.attach(account, kind, entity.name(), arn);
          return null;
        });
  }

  private JsonNode detach(RequestContext context, ObjectNode input, String kind) {
    String owner = IamService.nameOf(input, kind, 128);
    String arn = text(input, "PolicyArn");
    String account = context.accountId();
    return store.write(
        tx -> {
          Entity entity = IamService.require(tx, account, kind, owner);
          if (!tx.detach(account, kind, entity.name(), arn)) {
            throw IamErrors.noSuchEntity("Policy " + arn + " was not found.");
          }
          return null;
        });
  }

  private JsonNode listAttached(RequestContext context, ObjectNode input, String kind) {
    String owner = IamService.nameOf(input, kind, 128);
    String pathPrefix = text(input, "PathPrefix");
    String account = context.accountId();
    return store.read(
        tx -> {
          Entity entity = IamService.require(tx, account, kind, owner);
          List<ObjectNode> attached = new ArrayList<>();
          for (String arn : tx.attached(account, kind, entity.name())) {
            String path = arn.substring(arn.indexOf(":policy/") + ":policy".length());
            String name = path.substring(path.lastIndexOf('/') + 1);
            path = path.substring(0, path.lastIndexOf('/') + 1);
            if (pathPrefix == null || path.startsWith(pathPrefix)) {
              attached.add(NODES.objectNode().put("PolicyName", name).put("PolicyArn", arn));
            }
          }
          ObjectNode out = NODES.objectNode();
          IamInputs.page(input, out, "AttachedPolicies", attached, node -> node);
          return out;
        });
  }
}
