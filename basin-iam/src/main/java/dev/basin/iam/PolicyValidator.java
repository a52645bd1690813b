package dev.basin.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.protocol.AwsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a policy document before IAM stores it. This module's own implementation, {@link
 * #JSON_SHAPE}, checks only the JSON shape; the policy library ({@code dev.basin.iam.policy}) will
 * replace it with AWS's full grammar through this one interface.
 */
public interface PolicyValidator {

  /** What the document is for: the grammar differs (trust policies name principals). */
  enum Kind {
    /** Identity-based: managed, inline and session policies. */
    IDENTITY,
    /** A role's trust policy. */
    TRUST
  }

  /**
   * @throws AwsException {@code MalformedPolicyDocument} when the document is not a policy
   */
  void validate(String document, Kind kind);

  /**
   * JSON that is an object with a {@code Statement} (object or array of objects) whose entries have
   * {@code Effect} Allow or Deny and {@code Action} or {@code NotAction}; identity policies need
   * {@code Resource} or {@code NotResource}, trust policies {@code Principal} or {@code
   * NotPrincipal}; {@code Version}, when present, is 2008-10-17 or 2012-10-17.
   */
  PolicyValidator JSON_SHAPE =
      (document, kind) -> {
        JsonNode root;
        try {
          root = IamStore.JSON.readTree(document);
        } catch (JsonProcessingException e) {
          throw IamErrors.malformedPolicy("Syntax errors in policy.");
        }
        if (root == null || !root.isObject()) {
          throw IamErrors.malformedPolicy("Syntax errors in policy.");
        }
        JsonNode version = root.get("Version");
        if (version != null
            && !version.asText().equals("2012-10-17")
            && !version.asText().equals("2008-10-17")) {
          throw IamErrors.malformedPolicy("The policy must contain a valid version string");
        }
        JsonNode statement = root.get("Statement");
        List<JsonNode> statements = new ArrayList<>();
        if (statement != null && statement.isArray()) {
          statement.forEach(statements::add);
        } else if (statement != null && statement.isObject()) {
          statements.add(statement);
        }
        if (statements.isEmpty()) {
          throw IamErrors.malformedPolicy("Syntax errors in policy.");
        }
        for (JsonNode entry : statements) {
          if (!entry.isObject()) {
            throw IamErrors.malformedPolicy("Syntax errors in policy.");
          }
          String effect = entry.path("Effect").asText("");
          if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw IamErrors.malformedPolicy("Policy statement must contain a valid Effect");
          }
          if (!entry.has("Action") && !entry.has("NotAction")) {
            throw IamErrors.malformedPolicy("Policy statement must contain actions.");
          }
          if (kind == Kind.IDENTITY && !entry.has("Resource") && !entry.has("NotResource")) {
            throw IamErrors.malformedPolicy("Policy statement must contain resources.");
          }
          if (kind == Kind.IDENTITY && (entry.has("Principal") || entry.has("NotPrincipal"))) {
            throw IamErrors.malformedPolicy("Policy document should not specify a principal.");
          }
          if (kind == Kind.TRUST && !entry.has("Principal") && !entry.has("NotPrincipal")) {
            throw IamErrors.malformedPolicy("Missing required field Principal");
          }
          if (kind == Kind.TRUST && (entry.has("Resource") || entry.has("NotResource"))) {
            throw IamErrors.malformedPolicy("Has prohibited field Resource");
          }
        }
      };
}
