package dev.basin.dynamodb.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits expression text into tokens. Identifiers are {@code [A-Za-z][A-Za-z0-9_]*} (DynamoDB's
 * lexer does not start a name with {@code _} or a digit); {@code #x} and {@code :x} placeholders
 * ({@code x} from {@code [A-Za-z0-9_]+}); integers (list indexes); the operators {@code = <> < <= >
 * >= + -} and the punctuation {@code ( ) [ ] , .}. Keywords are identifiers, recognised by the
 * parser.
 */
final class ExpressionLexer {
  enum Kind {
    IDENT,
    NAME,
    VALUE,
    INT,
    OP,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    DOT,
    EOF
  }

  /** A token and its place in the text ({@code end} exclusive). */
  record Token(Kind kind, String text, int start, int end) {
    boolean is(Kind wanted) {
      return kind == wanted;
    }

    boolean isKeyword(String keyword) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    boolean isOp(String op) {
      return kind == Kind.OP && text.equals(op);
    }
  }

  private ExpressionLexer() {}

  /**
   * Tokenizes {@code text}; the list always ends with an EOF token.
   *
   * @throws ExpressionParser.SyntaxError at a character no token starts with
   */
  static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int length = text.length();
    while (i < length) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
        continue;
      }
      int start = i;
      Kind kind;
      if (isIdentStart(c)) {
        i = identEnd(text, i + 1);
        kind = Kind.IDENT;
      } else if (c >= '0' && c <= '9') {
        while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
          i++;
        }
        kind = Kind.INT;
      } else if (c == '#' || c == ':') {
        i = identEnd(text, i + 1);
        if (i == start + 1) {
          throw badCharacter(text, tokens, start);
        }
        kind = c == '#' ? Kind.NAME : Kind.VALUE;
      } else {
        kind =
            switch (c) {
              case '(' -> Kind.LPAREN;
              case ')' -> Kind.RPAREN;
              case '[' -> Kind.LBRACKET;
              case ']' -> Kind.RBRACKET;
              case ',' -> Kind.COMMA;
              case '.' -> Kind.DOT;
              case '=', '+', '-' -> Kind.OP;
              case '<' -> {
                if (i + 1 < length && (text.charAt(i + 1) == '=' || text.charAt(i + 1) == '>')) {
                  i++;
                }
                yield Kind.OP;
              }
              case '>' -> {
                if (i + 1 < length && text.charAt(i + 1) == '=') {
                  i++;
                }
                yield Kind.OP;
              }
              default -> throw badCharacter(text, tokens, start);
            };
        i++;
      }
      tokens.add(new Token(kind, text.substring(start, i), start, i));
    }
    tokens.add(new Token(Kind.EOF, "<EOF>", length, length));
    return tokens;
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int identEnd(String text, int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (!isIdentStart(c) && c != '_' && !(c >= '0' && c <= '9')) {
        break;
      }
      i++;
    }
    return i;
  }

  private static ExpressionParser.SyntaxError badCharacter(
      String text, List<Token> tokens, int at) {
    int nearStart = tokens.isEmpty() ? at : tokens.get(tokens.size() - 1).start();
    int nearEnd = Math.min(text.length(), tokens.isEmpty() ? at + 2 : at + 1);
    return new ExpressionParser.SyntaxError(
        text.substring(at, at + 1), text.substring(nearStart, nearEnd));
  }
}
