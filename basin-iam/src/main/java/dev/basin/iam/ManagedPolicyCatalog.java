package dev.basin.iam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS managed policies ({@code arn:aws:iam::aws:policy/...}) as the IAM API shows them: attachable
 * by every account, read only. The documents come from the policy library's bundled catalog ({@link
 * dev.basin.iam.policy.ManagedPolicyCatalog}); this adds what the API returns beside them.
 */
public interface ManagedPolicyCatalog {

  /**
   * One AWS managed policy at its default version.
   *
   * @param path e.g. {@code /} or {@code /service-role/}
   * @param parsed the parsed document, for evaluation
   */
  record AwsPolicy(
      String name,
      String path,
      String policyId,
      String description,
      String versionId,
      String document,
      Instant created,
      Instant updated,
      dev.basin.iam.policy.PolicyDocument parsed) {

    public String arn() {
      return "arn:aws:iam::aws:policy" + path + name;
    }
  }

  Optional<AwsPolicy> find(String arn);

  /** Every policy, sorted by name. */
  List<AwsPolicy> all();

  /**
   * The library's catalog. Policy ids are AWS's where known ({@code AdministratorAccess}), else a
   * stable {@code ANPA...} derived from the ARN; creation dates are not AWS's (one fixed instant).
   */
  static ManagedPolicyCatalog of(dev.basin.iam.policy.ManagedPolicyCatalog library) {
    Instant created = Instant.parse("2015-02-06T18:39:46Z");
    Map<String, AwsPolicy> byArn = new LinkedHashMap<>();
    library.all().stream()
        .sorted(Comparator.comparing(dev.basin.iam.policy.ManagedPolicyCatalog.ManagedPolicy::name))
        .forEach(
            p ->
                byArn.put(
                    p.arn(),
                    new AwsPolicy(
                        p.name(),
                        p.path(),
                        p.name().equals("AdministratorAccess")
                            ? "ANPAIWMBCKSKIEE64ZLYK"
                            : policyId(p.arn()),
                        null,
                        p.defaultVersionId(),
                        p.document().text(),
                        created,
                        created,
                        p.document())));
    Map<String, AwsPolicy> frozen = java.util.Collections.unmodifiableMap(byArn);
    List<AwsPolicy> all = List.copyOf(byArn.values());
    return new ManagedPolicyCatalog() {
      @Override
      public Optional<AwsPolicy> find(String arn) {
        return Optional.ofNullable(frozen.get(arn));
      }

      @Override
      public List<AwsPolicy> all() {
        return all;
      }
    };
  }

  private static String policyId(String arn) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
      StringBuilder id = new StringBuilder("ANPA");
      for (int i = 0; i < 17; i++) {
        id.append(alphabet.charAt((hash[i] & 0xff) % 32));
      }
      return id.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
