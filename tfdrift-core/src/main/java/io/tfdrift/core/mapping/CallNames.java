package io.tfdrift.core.mapping;

/**
 * Call names as the tables write them: Lambda's and CloudFront's dated API names and GCP's
 * versioned method names map to the plain name.
 */
final class CallNames {
  /** The shape of CloudFront's API date suffix, {@code 2020_05_31}: digits and underscores. */
  private static final String UNDERSCORED_DATE = "dddd_dd_dd";

  private CallNames() {}

  /**
   * Drops Lambda's API date ({@code UpdateFunctionConfiguration20150331v2} → {@code
   * UpdateFunctionConfiguration}), CloudFront's ({@code UpdateDistribution2020_05_31} → {@code
   * UpdateDistribution}) and GCP's API version ({@code v1.compute.instances.insert}, {@code
   * beta.compute...} → {@code compute.instances.insert}). Returns the same string when there is
   * nothing to drop.
   */
  static String normalise(String action) {
    int end = action.length();
    if (hasUnderscoredDate(action)) {
      return action.substring(0, end - UNDERSCORED_DATE.length());
    }
    int digits = end;
    while (digits > 0 && Character.isDigit(action.charAt(digits - 1))) {
      digits--;
    }
    if (digits > 0 && digits < end && action.charAt(digits - 1) == 'v') {
      int date = digits - 1;
      int start = date;
      while (start > 0 && Character.isDigit(action.charAt(start - 1))) {
        start--;
      }
      if (date - start == 8 && start > 0) {
        return action.substring(0, start);
      }
    } else if (end - digits == 8 && digits > 0) {
      return action.substring(0, digits);
    }
    int dot = action.indexOf('.');
    if (dot > 0 && isVersion(action, dot)) {
      return action.substring(dot + 1);
    }
    return action;
  }

  /**
   * Whether {@code action} is {@code call} or {@code call} behind a GCP API version ({@code
   * v1.compute.instances.reset} for {@code compute.instances.reset}), without allocating.
   */
  static boolean isCall(String action, String call) {
    if (action.equals(call)) {
      return true;
    }
    int dot = action.length() - call.length() - 1;
    if (dot < 2 || action.charAt(dot) != '.' || !action.endsWith(call)) {
      return false;
    }
    if (action.indexOf('.') != dot) {
      return false;
    }
    return action.startsWith("beta.")
        || action.startsWith("alpha.")
        || (action.charAt(0) == 'v' && Character.isDigit(action.charAt(1)));
  }

  private static boolean hasUnderscoredDate(String action) {
    int start = action.length() - UNDERSCORED_DATE.length();
    if (start < 1 || !Character.isLetter(action.charAt(start - 1))) {
      return false;
    }
    for (int i = 0; i < UNDERSCORED_DATE.length(); i++) {
      char c = action.charAt(start + i);
      boolean ok = UNDERSCORED_DATE.charAt(i) == '_' ? c == '_' : Character.isDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVersion(String action, int dot) {
    String head = action.substring(0, dot);
    return head.equals("beta")
        || head.equals("alpha")
        || (head.length() >= 2 && head.charAt(0) == 'v' && Character.isDigit(head.charAt(1)));
  }
}
