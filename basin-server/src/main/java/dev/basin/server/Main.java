package dev.basin.server;

/** Placeholder entry point; replaced by the real launcher in the same change series. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {}
}
