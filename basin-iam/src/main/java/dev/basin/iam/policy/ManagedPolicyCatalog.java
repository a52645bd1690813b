package dev.basin.iam.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies users attach most, with their real documents (bundled under {@code
 * dev/basin/iam/policy/managed/}), so that {@code attach-user-policy --policy-arn
 * arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess} grants what it grants at AWS.
 *
 * <p>Documents are AWS's default versions as published (2023-2026). {@code ReadOnlyAccess} is
 * abridged: AWS's document lists some 1,500 action patterns over 300+ services; the bundled one
 * keeps read patterns for the services Basin emulates only.
 */
public final class ManagedPolicyCatalog {

  /** The bundled policies: name, path, default version id. */
  private static final List<Entry> ENTRIES =
      List.of(
          new Entry("AdministratorAccess", "/", "v1"),
          new Entry("PowerUserAccess", "/", "v12"),
          new Entry("ReadOnlyAccess", "/", "v87"),
          new Entry("AmazonS3FullAccess", "/", "v2"),
          new Entry("AmazonS3ReadOnlyAccess", "/", "v3"),
          new Entry("AmazonDynamoDBFullAccess", "/", "v15"),
          new Entry("AmazonDynamoDBReadOnlyAccess", "/", "v14"),
          new Entry("AWSLambdaBasicExecutionRole", "/service-role/", "v1"),
          new Entry("AWSLambda_FullAccess", "/", "v5"),
          new Entry("AWSGlueServiceRole", "/service-role/", "v5"),
          new Entry("AmazonAthenaFullAccess", "/", "v11"),
          new Entry("AmazonRedshiftFullAccess", "/", "v5"),
          new Entry("AmazonKinesisFullAccess", "/", "v1"),
          new Entry("CloudWatchFullAccess", "/", "v4"),
          new Entry("CloudWatchLogsFullAccess", "/", "v3"),
          new Entry("AWSCloudTrail_FullAccess", "/", "v3"),
          new Entry("IAMFullAccess", "/", "v2"),
          new Entry("IAMReadOnlyAccess", "/", "v4"));

  private record Entry(String name, String path, String versionId) {}

  /**
   * One AWS managed policy.
   *
   * @param name e.g. {@code AWSGlueServiceRole}
   * @param path e.g. {@code /service-role/}
   * @param arn e.g. {@code arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole}
   * @param defaultVersionId the version the document is, e.g. {@code v5}
   * @param document the parsed document (its text is the bundled JSON)
   */
  public record ManagedPolicy(
      String name, String path, String arn, String defaultVersionId, PolicyDocument document) {}

  private final Map<String, ManagedPolicy> byArn;

  private ManagedPolicyCatalog(Map<String, ManagedPolicy> byArn) {
    this.byArn = byArn;
  }

  /**
   * Loads and parses the bundled documents. Fails fast: a bundled document that does not parse is a
   * build defect.
   */
  public static ManagedPolicyCatalog load() {
    Map<String, ManagedPolicy> byArn = new LinkedHashMap<>();
    for (Entry entry : ENTRIES) {
      String text = read("managed/" + entry.name() + ".json");
      PolicyDocument document;
      try {
        document = PolicyDocument.parse(text, PolicyKind.IDENTITY);
      } catch (MalformedPolicyException e) {
        throw new IllegalStateException(entry.name() + ": " + e.getMessage(), e);
      }
      String arn = "arn:aws:iam::aws:policy" + entry.path() + entry.name();
      byArn.put(
          arn, new ManagedPolicy(entry.name(), entry.path(), arn, entry.versionId(), document));
    }
    return new ManagedPolicyCatalog(Map.copyOf(byArn));
  }

  /** The policy with this ARN, if bundled. */
  public Optional<ManagedPolicy> byArn(String arn) {
    return Optional.ofNullable(byArn.get(arn));
  }

  /** All bundled policies, in the order of {@link #ENTRIES}. */
  public List<ManagedPolicy> all() {
    return ENTRIES.stream()
        .map(e -> byArn.get("arn:aws:iam::aws:policy" + e.path() + e.name()))
        .toList();
  }

  private static String read(String resource) {
    try (InputStream in = ManagedPolicyCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled policy " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
