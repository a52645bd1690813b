package dev.basin.s3.store;

import dev.basin.core.clock.BasinClock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

/**
 * Child process of {@link TestS3StoreCrash}: threads that put objects of mixed sizes (inline and
 * blob) and delete some earlier ones, printing {@code ACK <key> <md5> <size>} after each put and
 * {@code DELETING <key>} / {@code DEL <key>} around each delete, until the parent kills the
 * process.
 */
final class S3CrashWriterMain {

  static final String BUCKET = "crash";

  private S3CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[1]);
    SqliteS3Store store =
        SqliteS3Store.open(Path.of(args[0]), BasinClock.SYSTEM, SqliteS3Store.Options.DEFAULT);
    store.createBucket(BUCKET, "us-east-1", "owner");
    PrintStream out = System.out;
    out.println("READY");
    out.flush();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      new Thread(
              () -> {
                Random random = new Random(thread);
                for (int n = 0; ; n++) {
                  int size =
                      random.nextBoolean() ? random.nextInt(8 * 1024) : random.nextInt(300 * 1024);
                  byte[] bytes = new byte[size];
                  random.nextBytes(bytes);
                  String key = "t" + thread + "/" + n;
                  try (StagedBody body = store.stage(bytes, Set.of())) {
                    store.putObject(BUCKET, key, body, ObjectAttributes.of("owner"));
                    print(out, "ACK " + key + " " + body.md5Hex() + " " + size);
                  }
                  if (n % 5 == 4) {
                    String victim = "t" + thread + "/" + (n - 3);
                    print(out, "DELETING " + victim);
                    store.delete(BUCKET, victim, null);
                    print(out, "DEL " + victim);
                  }
                }
              },
              "s3-crash-writer-" + t)
          .start();
    }
    Thread.sleep(Long.MAX_VALUE); // until killed
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
