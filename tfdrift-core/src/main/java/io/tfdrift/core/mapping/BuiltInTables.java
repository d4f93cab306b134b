package io.tfdrift.core.mapping;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The built-in tables, loaded once per process: they are immutable and shared. */
final class BuiltInTables {
  private static final ConcurrentMap<String, MappingTable> TABLES = new ConcurrentHashMap<>();

  private BuiltInTables() {}

  static MappingTable of(String provider) {
    return TABLES.computeIfAbsent(provider, MappingTable::builtIn);
  }
}
