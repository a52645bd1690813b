package dev.basin.s3.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The bytes of an object version opened for reading. Close it when done (a no-op for inline
 * content). Ranges are the API layer's: it slices {@code [offset, offset + length)} itself.
 */
public sealed interface ObjectContent extends AutoCloseable {

  /** The object's length in bytes. */
  long length();

  @Override
  void close();

  /**
   * Small objects kept in the metadata database: the whole object in memory.
   *
   * @param bytes the object; the caller must not modify it
   */
  record Inline(byte[] bytes) implements ObjectContent {
    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public void close() {}
  }

  /**
   * An object in a file, already open (so a concurrent delete of the version cannot take the bytes
   * away: on POSIX an open file stays readable after it is unlinked). Send {@code [offset, offset +
   * length)} of {@code channel} (zero-copy, e.g. Netty's {@code DefaultFileRegion}); {@code path}
   * is informational.
   */
  record File(Path path, FileChannel channel, long offset, long length) implements ObjectContent {
    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
