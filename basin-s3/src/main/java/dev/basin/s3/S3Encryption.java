package dev.basin.s3;

import static dev.basin.s3.S3Support.text;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Server-side encryption as Basin serves it: every object is encrypted with S3-managed keys
 * (SSE-S3, {@code AES256}), as at AWS since January 2023, where it is every bucket's default
 * encryption. Basin holds no keys, so what would need them (SSE-C, SSE-KMS, DSSE-KMS) is refused
 * with {@code 501 NotImplemented} naming the header, never accepted and then ignored. See
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html
 */
final class S3Encryption {
  /** The one algorithm Basin reports and accepts. */
  static final String AES256 = "AES256";

  /** Input members that ask for customer-provided or KMS keys, and their headers. */
  private static final String[][] KEYED_MEMBERS = {
    {"SSECustomerAlgorithm", "x-amz-server-side-encryption-customer-algorithm"},
    {"SSECustomerKey", "x-amz-server-side-encryption-customer-key"},
    {"SSECustomerKeyMD5", "x-amz-server-side-encryption-customer-key-MD5"},
    {
      "CopySourceSSECustomerAlgorithm",
      "x-amz-copy-source-server-side-encryption-customer-algorithm"
    },
    {"CopySourceSSECustomerKey", "x-amz-copy-source-server-side-encryption-customer-key"},
    {"CopySourceSSECustomerKeyMD5", "x-amz-copy-source-server-side-encryption-customer-key-MD5"},
    {"SSEKMSKeyId", "x-amz-server-side-encryption-aws-kms-key-id"},
    {"SSEKMSEncryptionContext", "x-amz-server-side-encryption-context"},
  };

  private S3Encryption() {}

  /**
   * Checks the encryption members of a write (PutObject, CopyObject, CreateMultipartUpload,
   * UploadPart, UploadPartCopy).
   *
   * @throws dev.basin.core.protocol.AwsException {@code NotImplemented} (501) naming the header for
   *     SSE-C, {@code aws:kms} and {@code aws:kms:dsse}; {@code InvalidArgument} for an unknown
   *     {@code x-amz-server-side-encryption}
   */
  static void checkWrite(ObjectNode input) {
    String algorithm = text(input, "ServerSideEncryption");
    if (algorithm != null && !algorithm.equals(AES256)) {
      if (algorithm.equals("aws:kms") || algorithm.equals("aws:kms:dsse")) {
        throw S3Errors.notImplemented("x-amz-server-side-encryption");
      }
      throw S3Errors.invalidArgument(
          "The encryption method specified is not supported",
          "x-amz-server-side-encryption",
          algorithm);
    }
    for (String[] member : KEYED_MEMBERS) {
      if (input.hasNonNull(member[0])) {
        throw S3Errors.notImplemented(member[1]);
      }
    }
  }

  /**
   * Checks a GET or HEAD: no object is encrypted with a customer key, so SSE-C parameters are
   * refused as AWS refuses them for an object stored without one.
   */
  static void checkRead(ObjectNode input) {
    if (input.hasNonNull("SSECustomerAlgorithm")
        || input.hasNonNull("SSECustomerKey")
        || input.hasNonNull("SSECustomerKeyMD5")) {
      throw S3Errors.invalidRequest("The encryption parameters are not applicable to this object.");
    }
  }

  /** Adds {@code x-amz-server-side-encryption: AES256} to an object operation's output. */
  static ObjectNode describe(ObjectNode output) {
    return output.put("ServerSideEncryption", AES256);
  }
}
