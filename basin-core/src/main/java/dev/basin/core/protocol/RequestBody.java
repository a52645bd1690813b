package dev.basin.core.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The body of a request. Small bodies arrive whole ({@link #buffered()} is non-null); large ones
 * (S3 objects) stream from the connection while the handler reads them, and may be read once.
 *
 * <p>A stream may throw {@link AwsException} (wrapped in an {@link UncheckedIOException}-free way:
 * it is unchecked) when the body turns out to be invalid at its end, e.g. a payload hash or a
 * trailing checksum that does not match; a handler that writes what it read must not commit it
 * then.
 */
public interface RequestBody {

  /** The length the client declared, or -1 when it is not known in advance (chunked). */
  long contentLength();

  /** The whole body when it is held in memory, otherwise null. */
  byte[] buffered();

  /** The body as a stream. Streaming bodies can be opened once. */
  InputStream stream();

  /** Reads the whole body into memory. Use only where AWS bounds the body size. */
  default byte[] readAllBytes() {
    byte[] buffered = buffered();
    if (buffered != null) {
      return buffered;
    }
    try (InputStream in = stream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RequestBody EMPTY = of(new byte[0]);

  static RequestBody of(byte[] bytes) {
    return new RequestBody() {
      @Override
      public long contentLength() {
        return bytes.length;
      }

      @Override
      public byte[] buffered() {
        return bytes;
      }

      @Override
      public InputStream stream() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  /** A body read from {@code stream}, of {@code length} bytes or -1 if unknown. */
  static RequestBody ofStream(InputStream stream, long length) {
    return new RequestBody() {
      @Override
      public long contentLength() {
        return length;
      }

      @Override
      public byte[] buffered() {
        return null;
      }

      @Override
      public InputStream stream() {
        return stream;
      }
    };
  }
}
