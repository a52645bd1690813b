package dev.basin.core.auth;

/**
 * The credential scope of a SigV4 signature: {@code AKID/20240101/us-east-1/sts/aws4_request}.
 *
 * @param accessKeyId the access key that claims to have signed
 * @param date the scope's date, {@code yyyyMMdd}
 * @param region the region the request was signed for
 * @param service the signing name of the service, e.g. {@code s3}, {@code sts}
 */
public record CredentialScope(String accessKeyId, String date, String region, String service) {

  /** Parses {@code AKID/date/region/service/aws4_request}; null when it has another shape. */
  static CredentialScope parse(String credential) {
    if (credential == null) {
      return null;
    }
    int terminator = credential.lastIndexOf('/');
    if (terminator < 0
        || !credential.startsWith("aws4_request", terminator + 1)
        || credential.length() != terminator + 1 + "aws4_request".length()) {
      return null;
    }
    int serviceStart = credential.lastIndexOf('/', terminator - 1);
    int regionStart = serviceStart <= 0 ? -1 : credential.lastIndexOf('/', serviceStart - 1);
    int dateStart = regionStart <= 0 ? -1 : credential.lastIndexOf('/', regionStart - 1);
    if (dateStart <= 0) {
      return null;
    }
    String accessKeyId = credential.substring(0, dateStart);
    String date = credential.substring(dateStart + 1, regionStart);
    String region = credential.substring(regionStart + 1, serviceStart);
    String service = credential.substring(serviceStart + 1, terminator);
    if (date.length() != 8 || region.isEmpty() || service.isEmpty()) {
      return null;
    }
    return new CredentialScope(accessKeyId, date, region, service);
  }

  /** {@code date/region/service/aws4_request}, the scope line of the string to sign. */
  String scopeString() {
    return SigV4Canonical.scope(date, region, service);
  }
}
