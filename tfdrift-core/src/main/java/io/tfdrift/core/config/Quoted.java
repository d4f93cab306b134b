package io.tfdrift.core.config;

/**
 * How a configuration message shows a wrong value: the rule of the API's {@code ComponentConfig}. A
 * short value (a typo such as {@code '9-5'}) is quoted; a long one is shown by its length only: a
 * long value in the wrong key is usually a token or a URL that a placeholder put there, and
 * messages end up in logs (found by ConfigFuzzTest).
 */
final class Quoted {
  private static final int MAX = 16;

  private Quoted() {}

  static String value(String value) {
    return value.length() <= MAX
        ? "'" + value + "'"
        : "a value of " + value.length() + " characters (not shown: it may be a secret)";
  }
}
