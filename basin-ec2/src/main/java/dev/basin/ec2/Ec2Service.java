package dev.basin.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.gateway.Service;
import dev.basin.core.protocol.AwsException;
import dev.basin.ec2.AwsRegions.Region;
import dev.basin.ec2.AwsRegions.Zone;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * EC2's region APIs: DescribeRegions and DescribeAvailabilityZones. The rest of EC2 (instances,
 * networking) is outside Basin's scope and answers {@code NotImplemented}.
 */
public final class Ec2Service implements Service {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final Map<String, Function<Region, String>> REGION_FILTERS =
      Map.of(
          "endpoint", Region::endpoint,
          "opt-in-status", Region::optInStatus,
          "region-name", Region::name);

  private static final Map<String, Function<Zone, String>> ZONE_FILTERS =
      Map.ofEntries(
          Map.entry("zone-name", Zone::name),
          Map.entry("zone-id", Zone::id),
          Map.entry("region-name", zone -> zone.region().name()),
          Map.entry("state", zone -> "available"),
          Map.entry("zone-type", zone -> "availability-zone"),
          Map.entry("opt-in-status", zone -> "opt-in-not-required"),
          Map.entry("group-name", zone -> groupName(zone)),
          Map.entry("group-long-name", zone -> zone.region().description()),
          Map.entry("network-border-group", zone -> zone.region().name()),
          Map.entry("message", zone -> ""));

  @Override
  public String modelId() {
    return "ec2";
  }

  @Override
  public Map<String, OperationHandler> operations() {
    return Map.of(
        "DescribeRegions", this::describeRegions,
        "DescribeAvailabilityZones", this::describeAvailabilityZones);
  }

  /**
   * Regions enabled for the account, or all with {@code AllRegions}; {@code RegionNames} may name
   * any region, enabled or not. See
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
   */
  JsonNode describeRegions(RequestContext context, ObjectNode input) {
    Set<String> names = strings(input.get("RegionNames"));
    for (String name : names) {
      if (AwsRegions.find(name).isEmpty()) {
        throw new AwsException("InvalidParameterValue", 400, "Invalid region: " + name);
      }
    }
    boolean all = input.path("AllRegions").asBoolean(false) || !names.isEmpty();
    Ec2Filters<Region> filters = new Ec2Filters<>(input.get("Filters"), REGION_FILTERS);
    ArrayNode regions = JSON.arrayNode();
    for (Region region : AwsRegions.ALL) {
      boolean enabled = !region.optInRequired();
      if ((all || enabled)
          && (names.isEmpty() || names.contains(region.name()))
          && filters.matches(region)) {
        regions
            .addObject()
            .put("Endpoint", region.endpoint())
            .put("RegionName", region.name())
            .put("OptInStatus", region.optInStatus());
      }
    }
    ObjectNode output = JSON.objectNode();
    output.set("Regions", regions);
    return output;
  }

  /**
   * The zones of the region the request was sent to. See
   * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
   */
  JsonNode describeAvailabilityZones(RequestContext context, ObjectNode input) {
    Region region =
        AwsRegions.find(context.region())
            .orElseThrow(
                () ->
                    new AwsException(
                        "InvalidParameterValue", 400, "Invalid region: " + context.region()));
    List<Zone> zones = region.zones();
    Set<String> zoneNames = strings(input.get("ZoneNames"));
    Set<String> zoneIds = strings(input.get("ZoneIds"));
    for (String name : zoneNames) {
      if (zones.stream().noneMatch(zone -> zone.name().equals(name))) {
        throw new AwsException(
            "InvalidParameterValue", 400, "Invalid availability zone: [" + name + "]");
      }
    }
    for (String id : zoneIds) {
      if (zones.stream().noneMatch(zone -> zone.id().equals(id))) {
        throw new AwsException(
            "InvalidParameterValue", 400, "Invalid availability zone ID: [" + id + "]");
      }
    }
    Ec2Filters<Zone> filters = new Ec2Filters<>(input.get("Filters"), ZONE_FILTERS);
    ArrayNode result = JSON.arrayNode();
    for (Zone zone : zones) {
      boolean named =
          (zoneNames.isEmpty() && zoneIds.isEmpty())
              || zoneNames.contains(zone.name())
              || zoneIds.contains(zone.id());
      if (named && filters.matches(zone)) {
        ObjectNode item = result.addObject();
        item.put("OptInStatus", "opt-in-not-required");
        item.putArray("Messages");
        item.put("RegionName", region.name());
        item.put("ZoneName", zone.name());
        item.put("ZoneId", zone.id());
        item.put("GroupName", groupName(zone));
        item.put("NetworkBorderGroup", region.name());
        item.put("ZoneType", "availability-zone");
        item.put("GroupLongName", region.description() + " 1");
        item.put("State", "available");
      }
    }
    ObjectNode output = JSON.objectNode();
    output.set("AvailabilityZones", result);
    return output;
  }

  /** AWS's zone group of an availability zone: {@code us-east-1-zg-1}. */
  private static String groupName(Zone zone) {
    return zone.region().name() + "-zg-1";
  }

  private static Set<String> strings(JsonNode list) {
    Set<String> values = new LinkedHashSet<>();
    if (list != null) {
      list.forEach(value -> values.add(value.asText()));
    }
    return values;
  }
}
