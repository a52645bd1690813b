package dev.basin.s3;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.clock.ClockListener;
import dev.basin.core.clock.TestClock;
import dev.basin.s3.lifecycle.LifecycleAction;
import dev.basin.s3.lifecycle.LifecycleCodec;
import dev.basin.s3.lifecycle.LifecycleConfiguration;
import dev.basin.s3.lifecycle.LifecycleEvaluator;
import dev.basin.s3.lifecycle.ObjectVersionFacts;
import dev.basin.s3.notification.EventNames;
import dev.basin.s3.store.Bucket;
import dev.basin.s3.store.ObjectVersion;
import dev.basin.s3.store.S3Store;
import dev.basin.s3.store.S3Store.DeleteResult;
import dev.basin.s3.store.S3Store.ListUploadsQuery;
import dev.basin.s3.store.S3Store.ListVersionsQuery;
import dev.basin.s3.store.S3Store.MultipartUpload;
import dev.basin.s3.store.S3Store.UploadListing;
import dev.basin.s3.store.S3Store.VersionListing;
import dev.basin.s3.store.S3Store.VersionUpdate;
import dev.basin.s3.store.S3StoreException;
import dev.basin.s3.store.VersioningState;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Applies every bucket's lifecycle rules on Basin's clock: transitions (the storage class changes
 * in place), expiration of current versions (deleted, or hidden under a delete marker in a
 * versioned bucket), transition and permanent deletion of noncurrent versions, removal of expired
 * object delete markers, and abort of incomplete multipart uploads. {@link LifecycleEvaluator}
 * decides what is due; this class finds the versions, asks it, and carries the actions out through
 * the {@link S3Store}, publishing S3's lifecycle event notifications.
 *
 * <p>When it runs: on the system clock, every {@code interval} on a daemon thread (S3 itself acts
 * once a day, some time after midnight UTC; Basin acts sooner). On a {@link TestClock}, only when
 * the clock moves, synchronously on the moving thread, so a test that advances the clock sees the
 * actions done when the advance returns; the clock never moves on its own, so neither does
 * lifecycle. Runs never overlap.
 *
 * <p>A run is a series of passes over the buckets that have a lifecycle configuration; each pass
 * evaluates every version against one snapshot of its key, then acts. A pass that acted is followed
 * by another (at most {@value #MAX_PASSES}), because one action can make another due: an object
 * transitioned and expired in the same clock jump is first transitioned (S3 prefers a transition to
 * a delete marker on the same day) and then expired, and a delete marker whose last noncurrent
 * version expired becomes an expired object delete marker. What an action writes carries the
 * clock's current time, so a noncurrent version made by a jump counts its days from the end of the
 * jump.
 *
 * <p>A failing action is logged and skipped; the next run tries again. A bucket deleted during a
 * run is skipped.
 */
final class S3LifecycleEngine implements AutoCloseable {
  /** How often lifecycle runs on the system clock. */
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  static final int MAX_PASSES = 4;
  private static final int PAGE_SIZE = 1000;
  private static final System.Logger LOG = System.getLogger(S3LifecycleEngine.class.getName());

  private final S3Store store;
  private final BasinClock clock;
  private final S3Notifier notifier;
  private final LifecycleCodec codec =
      new LifecycleCodec(
          () -> {
            throw new IllegalStateException("a stored lifecycle rule has no ID");
          });
  private final Object runLock = new Object();

  /** Parsed documents by bucket, so that an unchanged document is not parsed every run. */
  private final Map<String, Parsed> parsed = new HashMap<>(); // guarded by runLock

  private final ClockListener listener = (previous, now) -> run(now);
  private ScheduledExecutorService timer;

  S3LifecycleEngine(S3Store store, BasinClock clock, S3Notifier notifier) {
    this.store = store;
    this.clock = clock;
    this.notifier = notifier;
  }

  /**
   * Starts running: on every move of a {@link TestClock}, else every {@code interval} on a daemon
   * thread. Returns this engine.
   */
  S3LifecycleEngine start(Duration interval) {
    if (clock instanceof TestClock testClock) {
      testClock.addListener(listener);
    } else {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "basin-s3-lifecycle");
                thread.setDaemon(true);
                return thread;
              });
      long millis = interval.toMillis();
      timer.scheduleWithFixedDelay(() -> run(clock.now()), millis, millis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Stops running; waits for a run in progress, so the store may be closed afterwards. */
  @Override
  public void close() {
    if (clock instanceof TestClock testClock) {
      testClock.removeListener(listener);
    }
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (runLock) {
      parsed.clear(); // waits for a run in progress on a clock listener
    }
  }

  /** Applies the rules of every bucket as of {@code now}; never throws. */
  Report run(Instant now) {
    synchronized (runLock) {
      Report total = Report.NONE;
      for (int pass = 0; pass < MAX_PASSES; pass++) {
        Tally tally = new Tally();
        try {
          pass(now, tally);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "lifecycle pass failed", e);
          tally.failures++;
        }
        Report report = tally.report();
        total = total.plus(report);
        if (report.actions() == 0) {
          break;
        }
      }
      if (total.actions() > 0 || total.failures() > 0) {
        LOG.log(Level.DEBUG, "lifecycle at {0}: {1}", now, total);
      }
      return total;
    }
  }

  private void pass(Instant now, Tally tally) {
    Map<String, Parsed> seen = new HashMap<>();
    for (Bucket bucket : store.listBuckets()) {
      try {
        Optional<String> document = store.getConfig(bucket.name(), S3BucketOperations.LIFECYCLE);
        if (document.isEmpty()) {
          continue;
        }
        Parsed rules = parsed.get(bucket.name());
        if (rules == null || !rules.json().equals(document.get())) {
          rules = new Parsed(document.get(), S3LifecycleDocument.read(document.get(), codec));
        }
        seen.put(bucket.name(), rules);
        applyToObjects(bucket, rules.document(), now, tally);
        abortUploads(bucket.name(), rules.document().configuration(), now, tally);
      } catch (S3StoreException e) {
        if (e.reason() != S3StoreException.Reason.NO_SUCH_BUCKET) {
          LOG.log(Level.WARNING, "lifecycle of bucket " + bucket.name() + " failed", e);
          tally.failures++;
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "lifecycle of bucket " + bucket.name() + " failed", e);
        tally.failures++;
      }
    }
    parsed.clear();
    parsed.putAll(seen);
  }

  // ---------------------------------------------------------------- objects

  /** One action planned for one version, from the snapshot of its key. */
  private record Planned(ObjectVersion version, LifecycleAction action) {}

  /**
   * Plans from a complete listing, then acts: acting while paging could remove the version a page
   * marker names.
   */
  private void applyToObjects(
      Bucket bucket, S3LifecycleDocument document, Instant now, Tally tally) {
    LifecycleConfiguration config = document.configuration();
    if (!hasObjectActions(config)) {
      return;
    }
    LifecycleEvaluator evaluator = new LifecycleEvaluator(document.minimumSize());
    boolean versioned = bucket.versioning() != VersioningState.UNVERSIONED;
    List<Planned> plan = new ArrayList<>();
    List<ObjectVersion> key = new ArrayList<>();
    String keyMarker = null;
    String versionIdMarker = null;
    VersionListing page;
    do {
      page =
          store.listVersions(
              bucket.name(),
              new ListVersionsQuery(null, null, keyMarker, versionIdMarker, PAGE_SIZE));
      for (ObjectVersion version : page.versions()) {
        if (!key.isEmpty() && !key.get(0).key().equals(version.key())) {
          plan(evaluator, config, key, versioned, now, plan);
          key.clear();
        }
        key.add(version);
      }
      keyMarker = page.nextKeyMarker();
      versionIdMarker = page.nextVersionIdMarker();
    } while (page.truncated() && keyMarker != null);
    if (!key.isEmpty()) {
      plan(evaluator, config, key, versioned, now, plan);
    }
    for (Planned planned : plan) {
      try {
        act(bucket.name(), planned.version(), planned.action(), tally);
      } catch (S3StoreException e) {
        if (e.reason() == S3StoreException.Reason.NO_SUCH_BUCKET) {
          throw e;
        }
        failed(planned, e, tally);
      } catch (RuntimeException e) {
        failed(planned, e, tally);
      }
    }
  }

  private static boolean hasObjectActions(LifecycleConfiguration config) {
    for (LifecycleConfiguration.Rule rule : config.rules()) {
      if (rule.enabled()
          && (rule.expiration() != null
              || !rule.transitions().isEmpty()
              || !rule.noncurrentTransitions().isEmpty()
              || rule.noncurrentExpiration() != null)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Evaluates each version of one key, {@code versions} newest first as the store lists them. A
   * noncurrent version became noncurrent when the next newer version (or delete marker) was made.
   */
  private static void plan(
      LifecycleEvaluator evaluator,
      LifecycleConfiguration config,
      List<ObjectVersion> versions,
      boolean versioned,
      Instant now,
      List<Planned> plan) {
    int noncurrentSeen = 0;
    for (int i = 0; i < versions.size(); i++) {
      ObjectVersion v = versions.get(i);
      boolean current = v.latest();
      Instant noncurrentSince =
          current ? null : i > 0 ? versions.get(i - 1).lastModified() : v.lastModified();
      ObjectVersionFacts facts =
          new ObjectVersionFacts(
              v.key(),
              v.size(),
              v.attributes().tags(),
              v.attributes().storageClass(),
              v.lastModified(),
              current,
              v.deleteMarker(),
              noncurrentSince,
              noncurrentSeen,
              versions.size() == 1,
              versioned);
      evaluator.evaluate(config, facts, now).ifPresent(a -> plan.add(new Planned(v, a)));
      if (!current) {
        noncurrentSeen++;
      }
    }
  }

  private void act(String bucket, ObjectVersion v, LifecycleAction action, Tally tally) {
    if (action instanceof LifecycleAction.TransitionTo t) {
      ObjectVersion moved =
          store.updateObject(
              bucket,
              v.key(),
              v.versionId(),
              u ->
                  new VersionUpdate(
                      u.attributes().withStorageClass(t.storageClass()), u.restore()));
      tally.transitioned++;
      notifier.lifecycle(
          bucket,
          v.key(),
          EventNames.LIFECYCLE_TRANSITION,
          moved.size(),
          moved.etag(),
          moved.versionId());
    } else if (action instanceof LifecycleAction.PlaceDeleteMarker) {
      // Only over the version evaluated: a newer write since the listing is not yet due.
      ObjectVersion latest = store.head(bucket, v.key(), null);
      if (!latest.versionId().equals(v.versionId()) || latest.deleteMarker()) {
        return;
      }
      DeleteResult result = store.delete(bucket, v.key(), null);
      tally.deleteMarkersPlaced++;
      notifier.lifecycle(
          bucket,
          v.key(),
          EventNames.LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED,
          null,
          null,
          result.versionId());
    } else if (removeVersion(bucket, v)) { // the permanent deletions
      if (action instanceof LifecycleAction.DeleteCurrent) {
        tally.expired++;
      } else if (action instanceof LifecycleAction.DeleteNoncurrentVersion) {
        tally.noncurrentDeleted++;
      } else {
        tally.deleteMarkersRemoved++;
      }
    }
  }

  /**
   * Deletes {@code v} for good, by its version id (also the null version's, {@code null}); false if
   * it was gone already.
   */
  private boolean removeVersion(String bucket, ObjectVersion v) {
    DeleteResult result = store.delete(bucket, v.key(), v.versionId());
    if (result.removed()) {
      notifier.lifecycle(
          bucket, v.key(), EventNames.LIFECYCLE_EXPIRATION_DELETE, null, null, v.versionId());
    }
    return result.removed();
  }

  private static void failed(Planned planned, RuntimeException e, Tally tally) {
    LOG.log(
        Level.WARNING,
        "lifecycle "
            + planned.action()
            + " of "
            + planned.version().bucket()
            + "/"
            + planned.version().key()
            + " version "
            + planned.version().versionId()
            + " failed",
        e);
    tally.failures++;
  }

  // ---------------------------------------------------------------- uploads

  private void abortUploads(
      String bucket, LifecycleConfiguration config, Instant now, Tally tally) {
    boolean any = false;
    for (LifecycleConfiguration.Rule rule : config.rules()) {
      any |= rule.enabled() && rule.abortIncompleteDaysAfterInitiation() != null;
    }
    if (!any) {
      return;
    }
    List<MultipartUpload> due = new ArrayList<>();
    String keyMarker = null;
    String uploadIdMarker = null;
    UploadListing page;
    do {
      page =
          store.listUploads(
              bucket, new ListUploadsQuery(null, null, keyMarker, uploadIdMarker, PAGE_SIZE));
      for (MultipartUpload upload : page.uploads()) {
        if (LifecycleEvaluator.abortingRule(config, upload.key(), upload.initiated(), now)
            .isPresent()) {
          due.add(upload);
        }
      }
      keyMarker = page.nextKeyMarker();
      uploadIdMarker = page.nextUploadIdMarker();
    } while (page.truncated() && keyMarker != null);
    for (MultipartUpload upload : due) {
      try {
        store.abortUpload(bucket, upload.key(), upload.uploadId());
        tally.uploadsAborted++;
      } catch (S3StoreException e) {
        if (e.reason() != S3StoreException.Reason.NO_SUCH_UPLOAD) { // completed or aborted since
          LOG.log(Level.WARNING, "lifecycle abort of upload " + upload.uploadId() + " failed", e);
          tally.failures++;
        }
      }
    }
  }

  // ---------------------------------------------------------------- results

  private record Parsed(String json, S3LifecycleDocument document) {}

  /** What a run did. */
  record Report(
      int transitioned,
      int expired,
      int deleteMarkersPlaced,
      int noncurrentDeleted,
      int deleteMarkersRemoved,
      int uploadsAborted,
      int failures) {
    static final Report NONE = new Report(0, 0, 0, 0, 0, 0, 0);

    int actions() {
      return transitioned
          + expired
          + deleteMarkersPlaced
          + noncurrentDeleted
          + deleteMarkersRemoved
          + uploadsAborted;
    }

    Report plus(Report o) {
      return new Report(
          transitioned + o.transitioned,
          expired + o.expired,
          deleteMarkersPlaced + o.deleteMarkersPlaced,
          noncurrentDeleted + o.noncurrentDeleted,
          deleteMarkersRemoved + o.deleteMarkersRemoved,
          uploadsAborted + o.uploadsAborted,
          failures + o.failures);
    }
  }

  /** The counts of one pass, as it goes. */
  private static final class Tally {
    int transitioned;
    int expired;
    int deleteMarkersPlaced;
    int noncurrentDeleted;
    int deleteMarkersRemoved;
    int uploadsAborted;
    int failures;

    Report report() {
      return new Report(
          transitioned,
          expired,
          deleteMarkersPlaced,
          noncurrentDeleted,
          deleteMarkersRemoved,
          uploadsAborted,
          failures);
    }
  }
}
