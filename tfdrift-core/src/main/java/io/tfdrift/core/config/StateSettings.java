package io.tfdrift.core.config;

import io.tfdrift.api.ComponentConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * One configured Terraform state: {@code providers.<cloud>.state} or an entry of {@code
 * providers.<cloud>.states}.
 *
 * @param name the state's name in metrics, {@code /ready} and drift events
 * @param provider the cloud whose section declared it
 * @param backend the backend type, e.g. {@code local}, {@code s3}
 * @param section the state's section; the backend reads its own keys from it
 * @param environment the environment its resources belong to, empty if unset
 * @param refreshInterval how often it is re-fetched
 */
public record StateSettings(
    String name,
    String provider,
    String backend,
    ComponentConfig section,
    String environment,
    Duration refreshInterval) {

  /** Validates that no part is {@code null}. */
  public StateSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(refreshInterval, "refreshInterval");
  }
}
