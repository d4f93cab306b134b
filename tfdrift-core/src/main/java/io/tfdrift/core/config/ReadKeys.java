package io.tfdrift.core.config;

import java.util.HashSet;
import java.util.Set;

/** The key paths a component asked for, shared by a configuration and all its sections. */
final class ReadKeys {
  /** Paths whose whole subtree counts as read. */
  final Set<String> consumed = new HashSet<>();

  /** Paths asked for, present or not: the vocabulary for "did you mean" suggestions. */
  final Set<String> asked = new HashSet<>();

  void consume(String path) {
    consumed.add(path);
    asked.add(path);
  }

  void ask(String path) {
    asked.add(path);
  }
}
