package dev.basin.iam;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * AWS managed policies ({@code arn:aws:iam::aws:policy/...}): attachable by every account, read
 * only. The policy library will provide AWS's full catalog through this interface; until then
 * {@link #BUILT_IN} knows {@code AdministratorAccess} alone.
 */
public interface ManagedPolicyCatalog {

  /**
   * One AWS managed policy at its default version.
   *
   * @param path e.g. {@code /} or {@code /service-role/}
   */
  record AwsPolicy(
      String name,
      String path,
      String policyId,
      String description,
      String versionId,
      String document,
      Instant created,
      Instant updated) {

    public String arn() {
      return "arn:aws:iam::aws:policy" + path + name;
    }
  }

  Optional<AwsPolicy> find(String arn);

  /** Every policy, sorted by name. */
  List<AwsPolicy> all();

  ManagedPolicyCatalog BUILT_IN =
      new ManagedPolicyCatalog() {
        private final AwsPolicy administratorAccess =
            new AwsPolicy(
                "AdministratorAccess",
                "/",
                "ANPAIWMBCKSKIEE64ZLYK",
                "Provides full access to AWS services and resources.",
                "v1",
                "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
                    + "      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n"
                    + "      \"Resource\": \"*\"\n    }\n  ]\n}",
                Instant.parse("2015-02-06T18:39:46Z"),
                Instant.parse("2015-02-06T18:39:46Z"));

        @Override
        public Optional<AwsPolicy> find(String arn) {
          return administratorAccess.arn().equals(arn)
              ? Optional.of(administratorAccess)
              : Optional.empty();
        }

        @Override
        public List<AwsPolicy> all() {
          return List.of(administratorAccess);
        }
      };
}
