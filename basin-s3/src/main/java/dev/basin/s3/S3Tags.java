package dev.basin.s3;

import static dev.basin.s3.S3Support.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.UrlEncoding;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tag sets as S3 validates them: keys 1-128 characters, values up to 256, unique keys, at most 10
 * per object and 50 per bucket
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html).
 */
final class S3Tags {
  static final int MAX_OBJECT_TAGS = 10;

  private S3Tags() {}

  /** A {@code TagSet} list of {@code {Key, Value}}. */
  static Map<String, String> fromTagSet(JsonNode tagSet, int maxTags) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (tagSet == null || tagSet.isNull() || tagSet.isMissingNode()) {
      return tags;
    }
    for (JsonNode tag : tagSet) {
      add(tags, tag.path("Key").asText(null), tag.path("Value").asText(""));
    }
    check(tags, maxTags);
    return tags;
  }

  /** The {@code x-amz-tagging} header: a URL-encoded query string {@code k1=v1&k2=v2}. */
  static Map<String, String> fromHeader(String header) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (header == null || header.isEmpty()) {
      return tags;
    }
    for (String pair : header.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = UrlEncoding.decode(equals < 0 ? pair : pair.substring(0, equals), true);
      String value = equals < 0 ? "" : UrlEncoding.decode(pair.substring(equals + 1), true);
      add(tags, key, value);
    }
    check(tags, MAX_OBJECT_TAGS);
    return tags;
  }

  static ArrayNode toTagSet(Map<String, String> tags) {
    ArrayNode tagSet = JSON.arrayNode();
    tags.forEach((key, value) -> tagSet.addObject().put("Key", key).put("Value", value));
    return tagSet;
  }

  private static void add(Map<String, String> tags, String key, String value) {
    if (key == null || key.isEmpty() || key.codePointCount(0, key.length()) > 128) {
      throw S3Errors.invalidTag("The TagKey you have provided is invalid");
    }
    if (value.codePointCount(0, value.length()) > 256) {
      throw S3Errors.invalidTag("The TagValue you have provided is invalid");
    }
    if (tags.put(key, value) != null) {
      throw S3Errors.invalidTag("Cannot provide multiple Tags with the same key");
    }
  }

  /**
   * Too many tags is {@code BadRequest} for an object and {@code InvalidTag} for a bucket, the
   * codes AWS answers.
   */
  private static void check(Map<String, String> tags, int maxTags) {
    if (tags.size() > maxTags) {
      throw maxTags == MAX_OBJECT_TAGS
          ? new AwsException("BadRequest", 400, "Object tags cannot be greater than " + maxTags)
          : S3Errors.invalidTag("Bucket tag count cannot be greater than " + maxTags);
    }
  }
}
