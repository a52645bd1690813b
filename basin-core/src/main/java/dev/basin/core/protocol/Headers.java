package dev.basin.core.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * HTTP headers: case-insensitive names, several values per name, insertion order kept. Not thread
 * safe; a request's or response's headers belong to one thread at a time.
 */
public final class Headers {
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private record Entry(String name, List<String> values) {}

  public Headers() {}

  /** The first value of {@code name}, or null. */
  public String get(String name) {
    Entry entry = entries.get(key(name));
    return entry == null ? null : entry.values.get(0);
  }

  public List<String> getAll(String name) {
    Entry entry = entries.get(key(name));
    return entry == null ? List.of() : Collections.unmodifiableList(entry.values);
  }

  public boolean contains(String name) {
    return entries.containsKey(key(name));
  }

  public Headers add(String name, String value) {
    entries.computeIfAbsent(key(name), k -> new Entry(name, new ArrayList<>(1))).values.add(value);
    return this;
  }

  /** Replaces every value of {@code name}. */
  public Headers set(String name, String value) {
    List<String> values = new ArrayList<>(1);
    values.add(value);
    entries.put(key(name), new Entry(name, values));
    return this;
  }

  public Headers remove(String name) {
    entries.remove(key(name));
    return this;
  }

  /** Calls {@code action} once per name (as first added) with all its values. */
  public void forEach(BiConsumer<String, List<String>> action) {
    entries.values().forEach(entry -> action.accept(entry.name, entry.values));
  }

  /** The lower-case names. */
  public Iterable<String> names() {
    return entries.keySet();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    forEach((name, values) -> text.append(name).append(": ").append(values).append('\n'));
    return text.toString();
  }
}
