package dev.basin.s3;

import static dev.basin.s3.S3Support.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Access control lists as S3 reports them: the owner's FULL_CONTROL plus the grants of a canned
 * ACL, or the stored AccessControlPolicy document. Basin stores ACLs but does not enforce them.
 */
final class S3Acls {
  private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  private static final String AUTHENTICATED_USERS =
      "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

  private S3Acls() {}

  /** GetBucketAcl / GetObjectAcl output for a stored canned ACL name or policy JSON. */
  static ObjectNode describe(String ownerAccount, String stored) {
    if (stored.startsWith("{")) {
      JsonNode policy = S3Support.fromJson(stored);
      ObjectNode output = JSON.objectNode();
      output.set(
          "Owner", policy.has("Owner") ? policy.get("Owner") : S3Support.owner(ownerAccount));
      output.set("Grants", policy.path("Grants"));
      return output;
    }
    ArrayNode grants = JSON.arrayNode();
    grant(grants, canonical(ownerAccount), "FULL_CONTROL");
    switch (stored) {
      case "public-read" -> grant(grants, group(ALL_USERS), "READ");
      case "public-read-write" -> {
        grant(grants, group(ALL_USERS), "READ");
        grant(grants, group(ALL_USERS), "WRITE");
      }
      case "authenticated-read" -> grant(grants, group(AUTHENTICATED_USERS), "READ");
      default -> {}
    }
    ObjectNode output = JSON.objectNode();
    output.set("Owner", S3Support.owner(ownerAccount));
    output.set("Grants", grants);
    return output;
  }

  private static ObjectNode canonical(String account) {
    ObjectNode grantee = S3Support.owner(account);
    grantee.put("Type", "CanonicalUser");
    return grantee;
  }

  private static ObjectNode group(String uri) {
    ObjectNode grantee = JSON.objectNode();
    grantee.put("Type", "Group");
    grantee.put("URI", uri);
    return grantee;
  }

  private static void grant(ArrayNode grants, ObjectNode grantee, String permission) {
    ObjectNode grant = grants.addObject();
    grant.set("Grantee", grantee);
    grant.put("Permission", permission);
  }
}
