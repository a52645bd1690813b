package dev.basin.core.protocol.query;

import java.util.Arrays;

/**
 * A small streaming XML writer that encodes straight into UTF-8 bytes. Element names are written as
 * given (they come from service models and are plain ASCII); text and attribute values are escaped.
 * Characters XML 1.0 cannot carry at all (control characters other than tab, line feed and carriage
 * return, lone surrogates) are written as U+FFFD so the document stays well formed. Not thread
 * safe: one writer per response.
 */
final class XmlWriter {
  private static final byte[] DECLARATION =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] buffer;
  private int size;

  XmlWriter(int capacity) {
    buffer = new byte[Math.max(capacity, 64)];
  }

  XmlWriter declaration() {
    raw(DECLARATION);
    return this;
  }

  /** {@code <name>}. */
  XmlWriter start(String name) {
    ensure(name.length() + 2);
    buffer[size++] = '<';
    ascii(name);
    buffer[size++] = '>';
    return this;
  }

  /** {@code <name xmlns="namespace">}. */
  XmlWriter start(String name, String namespace) {
    ensure(name.length() + 1);
    buffer[size++] = '<';
    ascii(name);
    ascii(" xmlns=\"");
    escaped(namespace, true);
    ascii("\">");
    return this;
  }

  /** {@code </name>}. */
  XmlWriter end(String name) {
    ensure(name.length() + 3);
    buffer[size++] = '<';
    buffer[size++] = '/';
    ascii(name);
    buffer[size++] = '>';
    return this;
  }

  /** Escaped character data. */
  XmlWriter text(String text) {
    escaped(text, false);
    return this;
  }

  /** {@code <name>text</name>}, the text escaped. */
  XmlWriter element(String name, String text) {
    return start(name).text(text).end(name);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void ascii(String text) {
    int length = text.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      buffer[size++] = (byte) text.charAt(i);
    }
  }

  private void escaped(String text, boolean attribute) {
    int length = text.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        switch (c) {
          case '<' -> ascii("&lt;");
          case '>' -> ascii("&gt;");
          case '&' -> ascii("&amp;");
          case '"' -> {
            if (attribute) {
              ascii("&quot;");
            } else {
              put(c);
            }
          }
          // Escaped so that XML end-of-line normalisation keeps them.
          case '\r' -> ascii("&#xD;");
          case '\n' -> {
            if (attribute) {
              ascii("&#xA;");
            } else {
              put(c);
            }
          }
          case '\t' -> {
            if (attribute) {
              ascii("&#x9;");
            } else {
              put(c);
            }
          }
          default -> {
            if (c < 0x20) {
              utf8(0xFFFD);
            } else {
              put(c);
            }
          }
        }
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        utf8(Character.toCodePoint(c, text.charAt(++i)));
      } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
        utf8(0xFFFD);
      } else {
        utf8(c);
      }
    }
  }

  private void put(char c) {
    ensure(1);
    buffer[size++] = (byte) c;
  }

  private void utf8(int codePoint) {
    ensure(4);
    if (codePoint < 0x800) {
      buffer[size++] = (byte) (0xC0 | (codePoint >> 6));
      buffer[size++] = (byte) (0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
      buffer[size++] = (byte) (0xE0 | (codePoint >> 12));
      buffer[size++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
      buffer[size++] = (byte) (0x80 | (codePoint & 0x3F));
    } else {
      buffer[size++] = (byte) (0xF0 | (codePoint >> 18));
      buffer[size++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
      buffer[size++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
      buffer[size++] = (byte) (0x80 | (codePoint & 0x3F));
    }
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
    }
  }
}
