/**
 * Configuration: loading the YAML file with placeholders and environment overrides, reading the
 * engine's settings, and assembling an engine from them.
 */
package io.tfdrift.core.config;
