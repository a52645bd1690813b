package dev.basin.iam.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request context of one evaluation: context keys lower-cased (IAM compares key names without
 * case), plus the keys AWS derives from the principal when the caller did not set them: {@code
 * aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code aws:PrincipalType}, {@code aws:userid},
 * {@code aws:username} (IAM users only) and {@code aws:PrincipalTag/<key>}.
 */
final class EvaluationContext implements PolicyString.VariableSource {

  private final Map<String, List<String>> values;

  EvaluationContext(RequestPrincipal principal, Map<String, List<String>> contextKeys) {
    Map<String, List<String>> map = new HashMap<>(contextKeys.size() * 2 + 8);
    if (principal != null && principal.type() != PrincipalType.ANONYMOUS) {
      putIfPresent(map, "aws:principalarn", principal.principalArnKey());
      putIfPresent(map, "aws:principalaccount", principal.accountId());
      putIfPresent(map, "aws:principaltype", principal.type().contextValue());
      putIfPresent(map, "aws:userid", principal.userId());
      if (principal.type() == PrincipalType.IAM_USER) {
        putIfPresent(map, "aws:username", principal.userName());
      }
      for (Map.Entry<String, String> tag : principal.tags().entrySet()) {
        map.put(
            "aws:principaltag/" + tag.getKey().toLowerCase(Locale.ROOT), List.of(tag.getValue()));
      }
    }
    for (Map.Entry<String, List<String>> entry : contextKeys.entrySet()) {
      map.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue());
    }
    this.values = map;
  }

  private static void putIfPresent(Map<String, List<String>> map, String key, String value) {
    if (value != null) {
      map.put(key, List.of(value));
    }
  }

  /** The values of a lower-cased key, or null when absent. */
  List<String> values(String lowerCaseKey) {
    return values.get(lowerCaseKey);
  }

  @Override
  public String single(String lowerCaseKey) {
    List<String> list = values.get(lowerCaseKey);
    return list != null && list.size() == 1 ? list.get(0) : null;
  }
}
