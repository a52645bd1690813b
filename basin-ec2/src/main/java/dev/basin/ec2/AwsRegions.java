package dev.basin.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commercial AWS regions (partition {@code aws}) as of the AWS SDK for Java 2.57 region
 * metadata, with their availability zones.
 *
 * <p>Regions launched before March 2019 are enabled in every account ({@code opt-in-not-required});
 * later ones must be opted into, and a new account has not ({@code not-opted-in}), which is what
 * Basin's account reports. Zone names map to zone ids per account at AWS; Basin uses one fixed
 * mapping, the common one where AWS documents it.
 */
public final class AwsRegions {

  /** One region. {@code zoneLetters[i]} has the id {@code zoneIdPrefix + "-az" + zoneIds[i]}. */
  public record Region(
      String name,
      String description,
      boolean optInRequired,
      String zoneIdPrefix,
      String zoneLetters,
      int[] zoneIds) {

    public String endpoint() {
      return "ec2." + name + ".amazonaws.com";
    }

    public String optInStatus() {
      return optInRequired ? "not-opted-in" : "opt-in-not-required";
    }

    public List<Zone> zones() {
      List<Zone> zones = new ArrayList<>(zoneLetters.length());
      for (int i = 0; i < zoneLetters.length(); i++) {
        zones.add(new Zone(name + zoneLetters.charAt(i), zoneIdPrefix + "-az" + zoneIds[i], this));
      }
      return zones;
    }
  }

  public record Zone(String name, String id, Region region) {}

  public static final List<Region> ALL =
      List.of(
          region("af-south-1", "Africa (Cape Town)", true, "afs1", "abc"),
          region("ap-east-1", "Asia Pacific (Hong Kong)", true, "ape1", "abc"),
          region("ap-east-2", "Asia Pacific (Taipei)", true, "ape2", "abc"),
          new Region(
              "ap-northeast-1", "Asia Pacific (Tokyo)", false, "apne1", "acd", new int[] {4, 1, 2}),
          region("ap-northeast-2", "Asia Pacific (Seoul)", false, "apne2", "abcd"),
          region("ap-northeast-3", "Asia Pacific (Osaka)", false, "apne3", "abc"),
          region("ap-south-1", "Asia Pacific (Mumbai)", false, "aps1", "abc"),
          region("ap-south-2", "Asia Pacific (Hyderabad)", true, "aps2", "abc"),
          region("ap-southeast-1", "Asia Pacific (Singapore)", false, "apse1", "abc"),
          region("ap-southeast-2", "Asia Pacific (Sydney)", false, "apse2", "abc"),
          region("ap-southeast-3", "Asia Pacific (Jakarta)", true, "apse3", "abc"),
          region("ap-southeast-4", "Asia Pacific (Melbourne)", true, "apse4", "abc"),
          region("ap-southeast-5", "Asia Pacific (Malaysia)", true, "apse5", "abc"),
          region("ap-southeast-6", "Asia Pacific (New Zealand)", true, "apse6", "abc"),
          region("ap-southeast-7", "Asia Pacific (Thailand)", true, "apse7", "abc"),
          new Region("ca-central-1", "Canada (Central)", false, "cac1", "abd", new int[] {1, 2, 4}),
          region("ca-west-1", "Canada West (Calgary)", true, "caw1", "abc"),
          region("eu-central-1", "Europe (Frankfurt)", false, "euc1", "abc"),
          region("eu-central-2", "Europe (Zurich)", true, "euc2", "abc"),
          region("eu-north-1", "Europe (Stockholm)", false, "eun1", "abc"),
          region("eu-south-1", "Europe (Milan)", true, "eus1", "abc"),
          region("eu-south-2", "Europe (Spain)", true, "eus2", "abc"),
          region("eu-west-1", "Europe (Ireland)", false, "euw1", "abc"),
          region("eu-west-2", "Europe (London)", false, "euw2", "abc"),
          region("eu-west-3", "Europe (Paris)", false, "euw3", "abc"),
          region("il-central-1", "Israel (Tel Aviv)", true, "ilc1", "abc"),
          region("me-central-1", "Middle East (UAE)", true, "mec1", "abc"),
          region("me-south-1", "Middle East (Bahrain)", true, "mes1", "abc"),
          region("mx-central-1", "Mexico (Central)", true, "mxc1", "abc"),
          region("sa-east-1", "South America (Sao Paulo)", false, "sae1", "abc"),
          region("us-east-1", "US East (N. Virginia)", false, "use1", "abcdef"),
          region("us-east-2", "US East (Ohio)", false, "use2", "abc"),
          new Region("us-west-1", "US West (N. California)", false, "usw1", "bc", new int[] {3, 1}),
          region("us-west-2", "US West (Oregon)", false, "usw2", "abcd"));

  private AwsRegions() {}

  public static Optional<Region> find(String name) {
    return ALL.stream().filter(region -> region.name().equals(name)).findFirst();
  }

  private static Region region(
      String name, String description, boolean optIn, String prefix, String letters) {
    int[] ids = new int[letters.length()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i + 1;
    }
    return new Region(name, description, optIn, prefix, letters, ids);
  }
}
