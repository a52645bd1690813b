package dev.basin.dynamodb.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A table's primary key: the partition (hash) key and the optional sort (range) key, each with its
 * scalar type ({@code S}, {@code N} or {@code B}).
 *
 * @param rangeName null for a table with a partition key only
 * @param rangeType null when {@code rangeName} is
 */
public record KeySchema(String hashName, String hashType, String rangeName, String rangeType) {

  public boolean hasRange() {
    return rangeName != null;
  }

  /** The key attribute names: the partition key, then the sort key if any. */
  public List<String> names() {
    return rangeName == null ? List.of(hashName) : List.of(hashName, rangeName);
  }

  /** The encoded partition key of an item or key whose key attributes are valid. */
  public byte[] hashBytes(JsonNode item) {
    return KeyCodec.encode(item.get(hashName));
  }

  /** The encoded sort key of an item or key, or the empty string for a hash-only table. */
  public byte[] rangeBytes(JsonNode item) {
    return rangeName == null ? new byte[0] : KeyCodec.encode(item.get(rangeName));
  }
}
