package dev.basin.s3.store;

import dev.basin.s3.store.S3Store.CompletedPart;
import dev.basin.s3.store.S3StoreException.Reason;
import dev.basin.s3.store.SqliteS3Store.PartRow;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The checks of CompleteMultipartUpload and the multipart ETag. */
final class MultipartCheck {

  private static final HexFormat HEX = HexFormat.of();

  private MultipartCheck() {}

  /**
   * The stored parts {@code requested} names, in order, after S3's checks: at least one part,
   * strictly ascending numbers (InvalidPartOrder), each stored with that ETag (InvalidPart), each
   * but the last at least {@code minPartSize} bytes (EntityTooSmall).
   */
  static List<PartRow> validate(
      List<CompletedPart> requested, Map<Integer, PartRow> stored, long minPartSize) {
    if (requested.isEmpty()) {
      throw new S3StoreException(
          Reason.INVALID_PART, "The upload must be completed with at least one part.");
    }
    int previous = 0;
    for (CompletedPart p : requested) {
      if (p.partNumber() <= previous) {
        throw new S3StoreException(
            Reason.INVALID_PART_ORDER,
            "The list of parts was not in ascending order. The parts list must be specified in"
                + " order by part number.");
      }
      previous = p.partNumber();
    }
    List<PartRow> used = new ArrayList<>(requested.size());
    for (CompletedPart p : requested) {
      PartRow row = stored.get(p.partNumber());
      if (row == null || !row.etag().equals(normalizeEtag(p.etag()))) {
        throw new S3StoreException(
            Reason.INVALID_PART,
            "One or more of the specified parts could not be found. The part may not have been"
                + " uploaded, or the specified entity tag may not match the part's entity tag:"
                + " part "
                + p.partNumber());
      }
      used.add(row);
    }
    for (int i = 0; i < used.size() - 1; i++) {
      if (used.get(i).size() < minPartSize) {
        throw new S3StoreException(
            Reason.ENTITY_TOO_SMALL,
            "Your proposed upload is smaller than the minimum allowed size: part "
                + used.get(i).number()
                + " has "
                + used.get(i).size()
                + " bytes, the minimum is "
                + minPartSize);
      }
    }
    return used;
  }

  /** {@code hex(md5(md5(part 1) || ... || md5(part N)))-N} over the binary part MD5s. */
  static String multipartEtag(List<PartRow> parts) {
    MessageDigest md5 = StagedBody.message("MD5");
    for (PartRow p : parts) {
      md5.update(HEX.parseHex(p.etag()));
    }
    return HEX.formatHex(md5.digest()) + "-" + parts.size();
  }

  /** An ETag as clients send it (quoted or not, any case) in the stored form. */
  static String normalizeEtag(String etag) {
    if (etag == null) {
      return "";
    }
    String e = etag.strip();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e.toLowerCase(Locale.ROOT);
  }
}
