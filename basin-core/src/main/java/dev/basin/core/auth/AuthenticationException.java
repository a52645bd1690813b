package dev.basin.core.auth;

/** Authentication failed; {@link #failure()} says why, the message says it for the user. */
public final class AuthenticationException extends RuntimeException {
  private final AuthFailure failure;

  public AuthenticationException(AuthFailure failure, String message) {
    super(message, null, false, false);
    this.failure = failure;
  }

  public AuthFailure failure() {
    return failure;
  }
}
