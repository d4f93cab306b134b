/**
 * Test support for TFDrift users and plugin authors: in-memory fakes ({@link
 * io.tfdrift.testkit.RecordingNotifier}, {@link io.tfdrift.testkit.InMemoryStateBackend}), fixture
 * builders ({@link io.tfdrift.testkit.AuditEvents}, {@link io.tfdrift.testkit.DriftEvents}, {@link
 * io.tfdrift.testkit.TerraformStates}) and one abstract contract test per SPI that a provider's own
 * test extends in a few lines.
 *
 * <p>Depends on {@code tfdrift-api} only, so a plugin's test classpath stays small.
 */
package io.tfdrift.testkit;
