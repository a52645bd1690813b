package dev.basin.core.auth;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Removes aws-chunked framing ({@code Content-Encoding: aws-chunked}) from a body while it streams,
 * verifying what the framing carries:
 *
 * <ul>
 *   <li>signed chunks ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}): every {@code
 *       chunk-signature}, chained from the seed signature of the headers;
 *   <li>trailers named by {@code x-amz-trailer}: present, a checksum trailer matching the decoded
 *       bytes, and for signed bodies the {@code x-amz-trailer-signature};
 *   <li>the decoded length against {@code x-amz-decoded-content-length} when known.
 * </ul>
 *
 * <p>Chunk data flows through without being held (a chunk header may be split across reads of the
 * underlying stream). A chunk's signature is checked before {@link #read} returns that chunk's last
 * bytes and every other check before it reports end of stream, so a reader that commits only at end
 * of stream never commits an unverified body. Failures are {@link AuthenticationException}s
 * (unchecked); a body that ends too early is an {@link EOFException}. Not thread safe.
 */
public final class AwsChunkedDecoder extends InputStream {
  private static final int MAX_LINE = 4096;
  private static final String CHUNK_SIGNATURE = "chunk-signature=";
  private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  /**
   * What chunk signatures are computed with.
   *
   * @param signingKey the derived SigV4 key of the request
   * @param amzDate the request time as {@code yyyyMMdd'T'HHmmss'Z'}
   * @param scope the credential scope {@code date/region/service/aws4_request}
   * @param seedSignature the hex signature of the request's headers
   */
  public record ChunkSigning(
      byte[] signingKey, String amzDate, String scope, String seedSignature) {}

  private enum State {
    HEADER,
    DATA,
    DONE
  }

  private final InputStream in;
  private final ChunkSigning signing;
  private final List<String> expectedTrailers;
  private final long decodedLength;
  private final Checksums.Algorithm trailerChecksum;
  private final Checksums.Running checksum;
  private final byte[] buffer = new byte[8192];
  private final Map<String, String> trailers = new LinkedHashMap<>();
  private int position;
  private int limit;
  private State state = State.HEADER;
  private long remaining;
  private long total;
  private String previousSignature;
  private String chunkSignature;
  private MessageDigest chunkDigest;

  /**
   * @param in the framed body
   * @param signing how chunks are signed, or null for unsigned chunks
   * @param expectedTrailers the lower-case trailer names from {@code x-amz-trailer}, may be empty
   * @param decodedLength {@code x-amz-decoded-content-length}, or -1 when not given
   */
  public AwsChunkedDecoder(
      InputStream in, ChunkSigning signing, List<String> expectedTrailers, long decodedLength) {
    this.in = in;
    this.signing = signing;
    this.expectedTrailers = List.copyOf(expectedTrailers);
    this.decodedLength = decodedLength;
    this.previousSignature = signing == null ? null : signing.seedSignature();
    Checksums.Algorithm algorithm = null;
    for (String name : expectedTrailers) {
      Checksums.Algorithm candidate = Checksums.Algorithm.fromHeader(name);
      if (candidate != null) {
        algorithm = candidate;
      }
    }
    this.trailerChecksum = algorithm;
    this.checksum = algorithm == null ? null : algorithm.newRunning();
    if (signing != null) {
      try {
        chunkDigest = MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The trailers received (lower-case names), complete once the stream has reported its end. */
  public Map<String, String> trailers() {
    return Collections.unmodifiableMap(trailers);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (true) {
      switch (state) {
        case DONE -> {
          return -1;
        }
        case HEADER -> readChunkHeader();
        case DATA -> {
          int wanted = (int) Math.min(length, remaining);
          int n;
          if (position < limit) {
            n = Math.min(wanted, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
          } else {
            n = in.read(target, offset, wanted);
            if (n < 0) {
              throw new EOFException("The body ended inside an aws-chunked chunk.");
            }
          }
          if (chunkDigest != null) {
            chunkDigest.update(target, offset, n);
          }
          if (checksum != null) {
            checksum.update(target, offset, n);
          }
          remaining -= n;
          total += n;
          if (remaining == 0) {
            finishChunk();
          }
          return n;
        }
        default -> throw new IllegalStateException();
      }
    }
  }

  private void readChunkHeader() throws IOException {
    String line = readLine();
    if (line == null) {
      throw new EOFException("The body ended before the final aws-chunked chunk.");
    }
    int semicolon = line.indexOf(';');
    String sizeText = semicolon < 0 ? line : line.substring(0, semicolon);
    long size = parseHex(sizeText.trim());
    chunkSignature = null;
    if (semicolon >= 0) {
      int at = line.indexOf(CHUNK_SIGNATURE, semicolon);
      if (at >= 0) {
        int end = line.indexOf(';', at);
        chunkSignature =
            line.substring(at + CHUNK_SIGNATURE.length(), end < 0 ? line.length() : end).trim();
      }
    }
    if (signing != null && chunkSignature == null) {
      throw framing("An aws-chunked chunk has no chunk-signature.");
    }
    if (size > 0) {
      remaining = size;
      state = State.DATA;
      return;
    }
    if (signing != null) {
      verifyChunkSignature(SigV4Canonical.EMPTY_SHA256);
    }
    readTrailers();
    finish();
  }

  private void finishChunk() throws IOException {
    int cr = nextByte();
    int lf = nextByte();
    if (cr != '\r' || lf != '\n') {
      throw framing("An aws-chunked chunk is longer than its declared size.");
    }
    if (signing != null) {
      verifyChunkSignature(SigV4Canonical.hex(chunkDigest.digest()));
    }
    state = State.HEADER;
  }

  private void verifyChunkSignature(String dataHash) {
    String stringToSign =
        "AWS4-HMAC-SHA256-PAYLOAD\n"
            + signing.amzDate()
            + '\n'
            + signing.scope()
            + '\n'
            + previousSignature
            + '\n'
            + SigV4Canonical.EMPTY_SHA256
            + '\n'
            + dataHash;
    String expected = SigV4Canonical.hex(SigV4Canonical.hmac(signing.signingKey(), stringToSign));
    if (!constantTimeEquals(expected, chunkSignature)) {
      throw new AuthenticationException(
          AuthFailure.CHUNK_SIGNATURE_MISMATCH,
          "The chunk signature we calculated does not match the signature you provided.");
    }
    previousSignature = expected;
  }

  private void readTrailers() throws IOException {
    StringBuilder canonical = new StringBuilder();
    String trailerSignature = null;
    while (true) {
      String line = readLine();
      if (line == null || line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw framing("An aws-chunked trailer is malformed.");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals(TRAILER_SIGNATURE)) {
        trailerSignature = value;
      } else {
        trailers.put(name, value);
        canonical.append(name).append(':').append(value).append('\n');
      }
    }
    for (String name : expectedTrailers) {
      if (!trailers.containsKey(name)) {
        throw framing("The trailer " + name + " named in x-amz-trailer is missing.");
      }
    }
    if (signing != null && !trailers.isEmpty()) {
      if (trailerSignature == null) {
        throw framing("The trailers have no x-amz-trailer-signature.");
      }
      String stringToSign =
          "AWS4-HMAC-SHA256-TRAILER\n"
              + signing.amzDate()
              + '\n'
              + signing.scope()
              + '\n'
              + previousSignature
              + '\n'
              + SigV4Canonical.sha256Hex(canonical.toString());
      String expected = SigV4Canonical.hex(SigV4Canonical.hmac(signing.signingKey(), stringToSign));
      if (!constantTimeEquals(expected, trailerSignature)) {
        throw new AuthenticationException(
            AuthFailure.CHUNK_SIGNATURE_MISMATCH,
            "The trailer signature we calculated does not match the signature you provided.");
      }
    }
  }

  private void finish() {
    state = State.DONE;
    if (decodedLength >= 0 && total != decodedLength) {
      throw framing(
          "The decoded body has "
              + total
              + " bytes but x-amz-decoded-content-length says "
              + decodedLength
              + ".");
    }
    if (checksum != null) {
      String actual = Base64.getEncoder().encodeToString(checksum.digest());
      if (!actual.equals(trailers.get(trailerChecksum.headerName()))) {
        throw checksumMismatch(trailerChecksum);
      }
    }
  }

  static AuthenticationException checksumMismatch(Checksums.Algorithm algorithm) {
    return new AuthenticationException(
        AuthFailure.CHECKSUM_MISMATCH,
        "The " + algorithm.name() + " you specified did not match the calculated checksum.");
  }

  private static AuthenticationException framing(String message) {
    return new AuthenticationException(AuthFailure.CHUNK_SIGNATURE_MISMATCH, message);
  }

  private static long parseHex(String text) {
    if (text.isEmpty() || text.length() > 15) {
      throw framing("An aws-chunked chunk size is malformed.");
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        throw framing("An aws-chunked chunk size is malformed.");
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** A line without its CRLF (a lone LF is accepted), or null at end of stream before any byte. */
  private String readLine() throws IOException {
    StringBuilder line = null;
    while (true) {
      if (position == limit && !fill()) {
        if (line == null) {
          return null;
        }
        throw new EOFException("The body ended inside an aws-chunked line.");
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      if (line == null) {
        line = new StringBuilder(64);
      }
      line.append(new String(buffer, start, position - start, StandardCharsets.ISO_8859_1));
      if (line.length() > MAX_LINE) {
        throw framing("An aws-chunked line is too long.");
      }
      if (position < limit) {
        position++; // the '\n'
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
    }
  }

  private int nextByte() throws IOException {
    if (position == limit && !fill()) {
      throw new EOFException("The body ended inside aws-chunked framing.");
    }
    return buffer[position++] & 0xff;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  static boolean constantTimeEquals(String expected, String actual) {
    if (actual == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.ISO_8859_1),
        actual.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
