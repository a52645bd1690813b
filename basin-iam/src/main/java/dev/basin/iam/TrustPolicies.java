package dev.basin.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.auth.Caller;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a role's trust policy lets a caller assume it: some {@code Allow} statement whose {@code
 * Action} covers {@code sts:AssumeRole} and whose {@code Principal} is {@code *} or names, under
 * {@code AWS}, the caller's account (id or root ARN), the caller's ARN, or for an assumed-role
 * caller its role's ARN. Conditions, {@code NotPrincipal}, {@code NotAction} and denies are not
 * evaluated yet: the policy library's evaluator replaces this.
 */
final class TrustPolicies {
  private TrustPolicies() {}

  static boolean allows(String document, Caller caller, String callerRoleArn) {
    JsonNode root;
    try {
      root = IamStore.JSON.readTree(document);
    } catch (JsonProcessingException e) {
      return false;
    }
    for (JsonNode statement : values(root.get("Statement"))) {
      if (!"Allow".equals(statement.path("Effect").asText())) {
        continue;
      }
      boolean action = false;
      for (JsonNode value : values(statement.get("Action"))) {
        String text = value.asText();
        action |=
            text.equals("*")
                || text.equalsIgnoreCase("sts:*")
                || text.equalsIgnoreCase("sts:AssumeRole");
      }
      if (action && principalMatches(statement.get("Principal"), caller, callerRoleArn)) {
        return true;
      }
    }
    return false;
  }

  private static boolean principalMatches(JsonNode principal, Caller caller, String roleArn) {
    if (principal == null) {
      return false;
    }
    if (principal.isTextual()) {
      return principal.asText().equals("*");
    }
    String account = caller.accountId();
    for (JsonNode value : values(principal.get("AWS"))) {
      String text = value.asText();
      if (text.equals("*")
          || text.equals(account)
          || text.equals("arn:aws:iam::" + account + ":root")
          || text.equals(caller.arn())
          || (roleArn != null && text.equals(roleArn))) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> values(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(out::add);
    } else {
      out.add(node);
    }
    return out;
  }
}
