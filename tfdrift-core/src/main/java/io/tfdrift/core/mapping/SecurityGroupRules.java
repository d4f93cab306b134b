package io.tfdrift.core.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Security group rules in the shape of {@code aws_security_group}'s {@code ingress}/{@code egress}
 * blocks, and their reduction to atoms (one protocol, port range and source each) so that rules
 * grouped differently by Terraform and by the EC2 API compare equal.
 */
public final class SecurityGroupRules {
  private static final Map<String, String> PROTOCOL_NUMBERS =
      Map.of("6", "tcp", "17", "udp", "1", "icmp", "58", "icmpv6", "all", "-1");

  private SecurityGroupRules() {}

  /**
   * One permission reduced to a single source.
   *
   * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code -1}, ...
   * @param fromPort first port ({@code 0} for all protocols)
   * @param toPort last port
   * @param source a CIDR, an IPv6 CIDR, a prefix list id or a security group id
   */
  public record Atom(String protocol, long fromPort, long toPort, String source) {}

  /**
   * The rules of an {@code Authorize...}/{@code Revoke...} request in Terraform's block shape, one
   * block per source. Reads {@code ipPermissions.items[]} ({@code ipProtocol}, {@code fromPort},
   * {@code toPort}, {@code ipRanges}, {@code ipv6Ranges}, {@code groups}, {@code prefixListIds})
   * and the legacy single-rule form with {@code ipProtocol}, {@code cidrIp} and the ports at the
   * top of the request.
   *
   * @param request the request parameters
   * @return the blocks, or {@code null} if the request has neither form
   */
  static Object fromIpPermissions(Object request) {
    if (!(request instanceof Map<?, ?> r)) {
      return null;
    }
    Object items = r.get("ipPermissions") instanceof Map<?, ?> m ? m.get("items") : null;
    if (!(items instanceof List<?>) && r.get("ipProtocol") != null) {
      Object ranges =
          r.get("cidrIp") == null
              ? Map.of()
              : Map.of("items", List.of(Map.of("cidrIp", r.get("cidrIp"))));
      Map<String, Object> legacy = new LinkedHashMap<>();
      legacy.put("ipProtocol", r.get("ipProtocol"));
      legacy.put("fromPort", r.get("fromPort"));
      legacy.put("toPort", r.get("toPort"));
      legacy.put("ipRanges", ranges);
      legacy.values().removeIf(java.util.Objects::isNull);
      items = List.of(legacy);
    }
    if (!(items instanceof List<?> list)) {
      return null;
    }
    List<Object> blocks = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> p) {
        String protocol = protocol(p.get("ipProtocol"));
        long from = port(p.get("fromPort"), protocol);
        long to = port(p.get("toPort"), protocol);
        for (Map<?, ?> range : sources(p.get("ipRanges"), "cidrIp")) {
          blocks.add(
              described(block(protocol, from, to, "cidr_blocks", range.get("cidrIp")), range));
        }
        for (Map<?, ?> range : sources(p.get("ipv6Ranges"), "cidrIpv6")) {
          blocks.add(
              described(
                  block(protocol, from, to, "ipv6_cidr_blocks", range.get("cidrIpv6")), range));
        }
        for (Map<?, ?> group : sources(p.get("groups"), "groupId")) {
          blocks.add(
              described(block(protocol, from, to, "security_groups", group.get("groupId")), group));
        }
        for (Map<?, ?> prefix : sources(p.get("prefixListIds"), "prefixListId")) {
          blocks.add(
              described(
                  block(protocol, from, to, "prefix_list_ids", prefix.get("prefixListId")),
                  prefix));
        }
      }
    }
    return blocks;
  }

  private static Map<String, Object> described(Map<String, Object> block, Map<?, ?> source) {
    if (source.get("description") != null) {
      block.put("description", source.get("description").toString());
    }
    return block;
  }

  private static Map<String, Object> block(
      String protocol, long from, long to, String sourceKey, Object source) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("cidr_blocks", List.of());
    b.put("from_port", from);
    b.put("ipv6_cidr_blocks", List.of());
    b.put("prefix_list_ids", List.of());
    b.put("protocol", protocol);
    b.put("security_groups", List.of());
    b.put("to_port", to);
    b.put(sourceKey, List.of(source.toString()));
    return b;
  }

  /** The entries of an EC2 {@code {items: [...]}} set that carry {@code key}. */
  private static List<Map<?, ?>> sources(Object ranges, String key) {
    Object items = ranges instanceof Map<?, ?> m ? m.get("items") : ranges;
    List<Map<?, ?>> out = new ArrayList<>();
    if (items instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> range && range.get(key) != null) {
          out.add(range);
        }
      }
    }
    return out;
  }

  /**
   * Whether elements added to or removed from a set are security group rule blocks, which compare
   * by {@link #atoms atoms} rather than as whole blocks: each is an object with a {@code protocol},
   * a {@code from_port} and a {@code to_port}.
   *
   * @param elements the elements of an add or remove
   * @return {@code true} if there is at least one and every one is a rule block
   */
  public static boolean areBlocks(List<?> elements) {
    if (elements.isEmpty()) {
      return false;
    }
    for (Object e : elements) {
      if (!(e instanceof Map<?, ?> b
          && b.containsKey("protocol")
          && b.containsKey("from_port")
          && b.containsKey("to_port"))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The atoms of a list of Terraform rule blocks.
   *
   * @param blocks the {@code ingress} or {@code egress} value from state or an extractor
   * @return the atoms, in order
   */
  public static Set<Atom> atoms(Object blocks) {
    Set<Atom> out = new LinkedHashSet<>();
    if (!(blocks instanceof List<?> list)) {
      return out;
    }
    for (Object item : list) {
      if (item instanceof Map<?, ?> b) {
        String protocol = protocol(b.get("protocol"));
        long from = port(b.get("from_port"), protocol);
        long to = port(b.get("to_port"), protocol);
        for (String key :
            List.of("cidr_blocks", "ipv6_cidr_blocks", "security_groups", "prefix_list_ids")) {
          if (b.get(key) instanceof List<?> sources) {
            for (Object s : sources) {
              out.add(new Atom(protocol, from, to, s.toString()));
            }
          }
        }
        if (Boolean.TRUE.equals(b.get("self"))) {
          out.add(new Atom(protocol, from, to, "self"));
        }
      }
    }
    return out;
  }

  /**
   * Rule blocks, one per atom, in Terraform's shape.
   *
   * @param atoms the atoms
   * @return the blocks
   */
  public static List<Object> blocks(Set<Atom> atoms) {
    List<Object> out = new ArrayList<>();
    for (Atom a : atoms) {
      String key =
          a.source().startsWith("sg-")
              ? "security_groups"
              : a.source().startsWith("pl-")
                  ? "prefix_list_ids"
                  : a.source().contains(":") ? "ipv6_cidr_blocks" : "cidr_blocks";
      out.add(block(a.protocol(), a.fromPort(), a.toPort(), key, a.source()));
    }
    return out;
  }

  private static String protocol(Object value) {
    String p = value == null ? "-1" : value.toString().toLowerCase(Locale.ROOT);
    return PROTOCOL_NUMBERS.getOrDefault(p, p);
  }

  private static long port(Object value, String protocol) {
    if (protocol.equals("-1") || value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
