package io.tfdrift.api.archfixture;

/** A forbidden arrow: the API using a third-party type. */
public final class ApiUsingAThirdPartyType {
  /**
   * Uses AssertJ, which is on the test classpath but must never be in the API.
   *
   * @return nothing useful
   */
  public Object use() {
    return org.assertj.core.api.Assertions.assertThat(1);
  }
}
