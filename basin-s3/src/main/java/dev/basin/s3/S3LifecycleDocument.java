package dev.basin.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.s3.lifecycle.LifecycleCodec;
import dev.basin.s3.lifecycle.LifecycleConfiguration;
import dev.basin.s3.lifecycle.LifecycleEvaluator.TransitionMinimumSize;

/**
 * A bucket's stored lifecycle document: the canonical value form of its rules ({@link
 * LifecycleCodec#toValue}) plus the member {@value #MINIMUM_SIZE_MEMBER}, so that one document
 * answers GetBucketLifecycleConfiguration as a whole (the setting travels as a header there).
 *
 * <p>Basin's default for {@code TransitionDefaultMinimumObjectSize} is {@code
 * varies_by_storage_class}, S3's behaviour before September 2024: small objects (the seed's JSON
 * file) still move to GLACIER and DEEP_ARCHIVE. AWS's newer default, {@code
 * all_storage_classes_128K}, is one header away. Documents stored without the member (written
 * before Basin kept it) read as the default.
 *
 * @param configuration the validated rules
 * @param minimumSize the bucket's {@code TransitionDefaultMinimumObjectSize}
 */
record S3LifecycleDocument(
    LifecycleConfiguration configuration, TransitionMinimumSize minimumSize) {
  static final String MINIMUM_SIZE_MEMBER = "TransitionDefaultMinimumObjectSize";
  static final TransitionMinimumSize DEFAULT_MINIMUM_SIZE =
      TransitionMinimumSize.VARIES_BY_STORAGE_CLASS;

  /**
   * The setting named by the request header's value, the default when absent.
   *
   * @throws dev.basin.core.protocol.AwsException {@code InvalidArgument} for any other value
   */
  static TransitionMinimumSize minimumSize(String wireValue) {
    if (wireValue == null || wireValue.isEmpty()) {
      return DEFAULT_MINIMUM_SIZE;
    }
    for (TransitionMinimumSize size : TransitionMinimumSize.values()) {
      if (size.wireValue().equals(wireValue)) {
        return size;
      }
    }
    throw S3Errors.invalidArgument(
        "Invalid value for TransitionDefaultMinimumObjectSize",
        "x-amz-transition-default-minimum-object-size",
        wireValue);
  }

  /** The value form to store: {@code canonical} (the codec's output) with the setting added. */
  static ObjectNode toStored(ObjectNode canonical, TransitionMinimumSize minimumSize) {
    canonical.put(MINIMUM_SIZE_MEMBER, minimumSize.wireValue());
    return canonical;
  }

  /**
   * GetBucketLifecycleConfiguration's output from a stored document: the document itself, with the
   * setting filled in for documents stored without it.
   */
  static ObjectNode toOutput(JsonNode stored) {
    ObjectNode output = (ObjectNode) stored.deepCopy();
    if (!output.hasNonNull(MINIMUM_SIZE_MEMBER)) {
      output.put(MINIMUM_SIZE_MEMBER, DEFAULT_MINIMUM_SIZE.wireValue());
    }
    return output;
  }

  /**
   * Reads a stored document. Its rules were validated when stored and all have IDs, so {@code
   * codec} never generates one.
   */
  static S3LifecycleDocument read(String json, LifecycleCodec codec) {
    JsonNode stored = S3Support.fromJson(json);
    JsonNode size = stored.get(MINIMUM_SIZE_MEMBER);
    return new S3LifecycleDocument(
        codec.parse(stored), minimumSize(size == null || size.isNull() ? null : size.asText()));
  }
}
