package dev.basin.core.storage;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Streams one new blob to a temporary file. Nothing is visible under the blob's id until {@link
 * #commit()}; a writer that is closed without commit deletes its file. Not thread safe: one thread
 * (or one thread at a time) writes.
 *
 * <p>Typical use, blob first and metadata after, so a crash between the two leaves only an orphan
 * blob that {@link BlobStore#recover} removes:
 *
 * <pre>{@code
 * try (BlobWriter w = blobs.newWriter(EnumSet.of(BlobDigest.MD5))) {
 *   w.transferFrom(body);
 *   BlobRef ref = w.commit();
 *   metadata.write(c -> insertObject(c, key, ref));
 * }
 * }</pre>
 */
public interface BlobWriter extends WritableByteChannel {

  /** The id the blob will have once committed. */
  String id();

  /** Writes all of {@code src}'s remaining bytes; returns their count. */
  @Override
  int write(ByteBuffer src);

  void write(byte[] bytes, int offset, int length);

  default void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  /** Copies {@code in} to its end; returns the bytes copied. Does not close {@code in}. */
  long transferFrom(InputStream in);

  /** Bytes written so far. */
  long length();

  /**
   * Makes the blob durable under its id: syncs the file, renames it atomically to its final path,
   * syncs the directory. Only after this returns may the caller commit metadata naming the id.
   */
  BlobRef commit();

  /** Deletes the temporary file. Does nothing after {@link #commit()} or a previous abort. */
  void abort();

  /** {@link #abort()} unless committed. */
  @Override
  void close();

  /** A view as an {@link OutputStream}; closing the stream does not commit or abort. */
  default OutputStream asOutputStream() {
    BlobWriter self = this;
    return new OutputStream() {
      @Override
      public void write(int b) {
        self.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        self.write(b, off, len);
      }
    };
  }
}
