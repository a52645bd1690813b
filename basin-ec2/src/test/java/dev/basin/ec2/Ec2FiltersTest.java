package dev.basin.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.basin.core.protocol.AwsException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ec2FiltersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @CsvSource({
    "us-*, us-east-1, true",
    "us-*, eu-west-1, false",
    "*-1, us-east-1, true",
    "us-?ast-1, us-east-1, true",
    "us-?ast-1, us-eeast-1, false",
    "*, '', true",
    "a*b*c, axxbyyc, true",
    "a*b*c, axxbyy, false",
    "us-east-1, us-east-1, true",
    "us-east-1, us-east-10, false"
  })
  void wildcards(String pattern, String text, boolean matches) {
    assertThat(Ec2Filters.wildcardMatch(pattern, text)).isEqualTo(matches);
  }

  @Test
  void filtersAreAndedAndValuesOred() {
    ArrayNode filters = JSON.createArrayNode();
    filters.addObject().put("Name", "first").putArray("Values").add("a").add("b");
    filters.addObject().put("Name", "second").putArray("Values").add("x*");
    Map<String, Function<List<String>, String>> attributes =
        Map.of("first", item -> item.get(0), "second", item -> item.get(1));
    Ec2Filters<List<String>> filter = new Ec2Filters<>(filters, attributes);

    assertThat(filter.matches(List.of("a", "xyz"))).isTrue();
    assertThat(filter.matches(List.of("b", "x"))).isTrue();
    assertThat(filter.matches(List.of("c", "xyz"))).isFalse();
    assertThat(filter.matches(List.of("a", "yx"))).isFalse();
  }

  @Test
  void anUnknownFilterNameIsInvalidParameterValue() {
    ArrayNode filters = JSON.createArrayNode();
    filters.addObject().put("Name", "colour").putArray("Values").add("blue");
    assertThatThrownBy(() -> new Ec2Filters<String>(filters, Map.of("name", s -> s)))
        .isInstanceOfSatisfying(
            AwsException.class,
            e -> {
              assertThat(e.code()).isEqualTo("InvalidParameterValue");
              assertThat(e.getMessage()).isEqualTo("The filter 'colour' is invalid");
            });
  }

  @Test
  void everyRegionHasZonesWithUniqueIds() {
    assertThat(AwsRegions.ALL).hasSize(34);
    Set<String> zoneIds = new HashSet<>();
    for (AwsRegions.Region region : AwsRegions.ALL) {
      assertThat(region.zones()).isNotEmpty();
      region
          .zones()
          .forEach(
              zone -> {
                assertThat(zone.name()).startsWith(region.name());
                assertThat(zoneIds.add(zone.id())).as(zone.id()).isTrue();
              });
    }
    assertThat(AwsRegions.ALL.stream().filter(region -> !region.optInRequired())).hasSize(17);
  }
}
