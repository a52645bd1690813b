package dev.basin.s3.lifecycle;

/** What lifecycle does to an object version now, and which rule asks for it. */
public sealed interface LifecycleAction {

  String ruleId();

  /** Whether the action removes data for good (it then wins over every other action). */
  default boolean isPermanentDeletion() {
    return false;
  }

  /** Move the version to a colder storage class. */
  record TransitionTo(String ruleId, String storageClass) implements LifecycleAction {}

  /** Delete the current version of a key in an unversioned bucket. */
  record DeleteCurrent(String ruleId) implements LifecycleAction {
    @Override
    public boolean isPermanentDeletion() {
      return true;
    }
  }

  /** Expire the current version of a key in a versioned bucket: place a delete marker on top. */
  record PlaceDeleteMarker(String ruleId) implements LifecycleAction {}

  /** Delete a noncurrent version (or noncurrent delete marker) for good. */
  record DeleteNoncurrentVersion(String ruleId) implements LifecycleAction {
    @Override
    public boolean isPermanentDeletion() {
      return true;
    }
  }

  /** Remove a delete marker that is the only version left of its key. */
  record RemoveExpiredDeleteMarker(String ruleId) implements LifecycleAction {
    @Override
    public boolean isPermanentDeletion() {
      return true;
    }
  }
}
