package io.tfdrift.core.state;

import java.math.BigDecimal;

/** Formats Terraform instance keys the way Terraform prints addresses. */
final class ResourceAddresses {

  private ResourceAddresses() {}

  /**
   * Appends {@code [0]} for a {@code count} index or {@code ["a"]} for a {@code for_each} key;
   * nothing for a resource without either.
   */
  static void appendIndexKey(StringBuilder address, Object indexKey) {
    if (indexKey instanceof String key) {
      address.append('[');
      appendQuoted(address, key);
      address.append(']');
    } else if (indexKey instanceof BigDecimal number) {
      address.append('[').append(number.toPlainString()).append(']');
    } else if (indexKey instanceof Number number) {
      address.append('[').append(number).append(']');
    }
  }

  // HCL quoting, as Terraform's addrs.StringKey does, so the address can be pasted into a
  // `terraform state` command.
  private static void appendQuoted(StringBuilder out, String key) {
    out.append('"');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      char next = i + 1 < key.length() ? key.charAt(i + 1) : 0;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '$', '%' -> out.append(c).append(next == '{' ? String.valueOf(c) : "");
        default -> appendPrintable(out, c);
      }
    }
    out.append('"');
  }

  private static void appendPrintable(StringBuilder out, char c) {
    if (Character.isISOControl(c)) {
      out.append(String.format("\\u%04x", (int) c));
    } else {
      out.append(c);
    }
  }
}
