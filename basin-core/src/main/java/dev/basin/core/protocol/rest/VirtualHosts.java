package dev.basin.core.protocol.rest;

import java.util.List;
import java.util.Locale;

/**
 * S3's virtual-hosted-style addressing: which bucket a {@code Host} header names. Shared by the
 * rest-xml codec (routing) and S3's CORS preflights, which are answered before routing.
 */
public final class VirtualHosts {
  private VirtualHosts() {}

  /**
   * The bucket of {@code bucket.s3.<anything>}, {@code bucket.s3-<region>.<anything>} or {@code
   * bucket.<base domain>}; null for path-style hosts ({@code s3.<domain>}, a base domain itself)
   * and IP addresses.
   *
   * @param baseDomains the gateway's own host names, lower case, e.g. {@code localhost}
   */
  public static String bucket(String hostHeader, List<String> baseDomains) {
    if (hostHeader == null || hostHeader.isEmpty() || hostHeader.charAt(0) == '[') {
      return null;
    }
    int colon = hostHeader.indexOf(':');
    String host =
        (colon < 0 ? hostHeader : hostHeader.substring(0, colon)).toLowerCase(Locale.ROOT);
    if (host.isEmpty() || Character.isDigit(host.charAt(host.length() - 1))) {
      return null; // an IPv4 address
    }
    String bucket = null;
    int s3 = host.indexOf(".s3.");
    if (s3 < 0) {
      s3 = host.indexOf(".s3-");
    }
    if (s3 > 0) {
      bucket = host.substring(0, s3);
    } else {
      for (String domain : baseDomains) {
        if (host.length() > domain.length() + 1
            && host.endsWith(domain)
            && host.charAt(host.length() - domain.length() - 1) == '.') {
          bucket = host.substring(0, host.length() - domain.length() - 1);
          break;
        }
      }
    }
    if (bucket == null
        || bucket.equals("s3")
        || bucket.startsWith("s3.")
        || bucket.startsWith("s3-")) {
      return null;
    }
    return bucket;
  }
}
