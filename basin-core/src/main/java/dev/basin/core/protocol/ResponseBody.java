package dev.basin.core.protocol;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The body of a response: bytes in memory, a region of a file (sent zero-copy), or a stream. */
public sealed interface ResponseBody {

  /** The number of bytes the body has. */
  long length();

  record Bytes(byte[] bytes) implements ResponseBody {
    @Override
    public long length() {
      return bytes.length;
    }
  }

  /** {@code length} bytes of {@code file} from {@code offset}; the server may use sendfile. */
  record FileRegion(Path file, long offset, long length) implements ResponseBody {}

  /**
   * {@code length} bytes of an open file from {@code offset}, sent zero-copy; the server closes the
   * channel when done. Unlike {@link FileRegion} the file may already be unlinked (a version
   * deleted while it is being read stays readable through its open channel).
   */
  record ChannelRegion(java.nio.channels.FileChannel channel, long offset, long length)
      implements ResponseBody {}

  /** A stream of exactly {@code length} bytes, closed by the server when sent. */
  record Stream(InputStream stream, long length) implements ResponseBody {}

  ResponseBody EMPTY = new Bytes(new byte[0]);

  static ResponseBody of(byte[] bytes) {
    return new Bytes(bytes);
  }

  static ResponseBody of(String text) {
    return new Bytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
