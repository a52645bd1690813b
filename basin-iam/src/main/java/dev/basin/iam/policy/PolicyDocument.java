package dev.basin.iam.policy;

import java.util.List;

/**
 * A parsed, validated policy document. Immutable and safe to cache: parse once when the policy is
 * stored, evaluate many times.
 *
 * @param text the document exactly as the caller sent it (IAM returns it URL-encoded, unchanged)
 * @param kind the rules it was validated by
 * @param version {@code 2012-10-17}, {@code 2008-10-17}, or null when absent
 * @param id the {@code Id}, or null
 * @param statements the statements in document order
 */
public record PolicyDocument(
    String text, PolicyKind kind, String version, String id, List<Statement> statements) {

  public static final String VERSION_2012 = "2012-10-17";
  public static final String VERSION_2008 = "2008-10-17";

  public PolicyDocument {
    statements = List.copyOf(statements);
  }

  /**
   * Parses and validates {@code text} by the rules of {@code kind}.
   *
   * @throws MalformedPolicyException with AWS's message when AWS would reject the document
   */
  public static PolicyDocument parse(String text, PolicyKind kind) throws MalformedPolicyException {
    return PolicyParser.parse(text, kind);
  }

  /** How many statements the document has. */
  public int statementCount() {
    return statements.size();
  }
}
