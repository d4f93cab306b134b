package io.tfdrift.core;

import java.util.Locale;

/** What became of one audit event; counted as {@code tfdrift_audit_events_total{outcome}}. */
public enum Outcome {
  /** It revealed drift that was reported. */
  DRIFT,
  /** It touched managed resources but changed nothing Terraform tracks, or re-set known values. */
  NO_CHANGE,
  /** No state is loaded for the call's cloud. */
  IRRELEVANT,
  /**
   * A successful mutating call that no mapper maps: a blind spot, also counted as {@code
   * tfdrift_audit_events_unmapped_total{provider,service}}.
   */
  UNMAPPED,
  /**
   * A successful call whose effect no Terraform resource models (a reboot, a shell session, a
   * command run on an instance): listed in {@code mapping/<provider>/operational.txt}, never drift
   * and never a blind spot.
   */
  OPERATIONAL,
  /** The call only read. */
  READ_ONLY,
  /** The call failed (an error code, a dry run). */
  FAILED_CALL,
  /** Terraform itself made the call: the apply, not drift. */
  TERRAFORM_APPLY,
  /**
   * The cloud made the call for itself: an AWS service, one of its service-linked roles, or an AWS
   * service event. Not a person's change, so not drift.
   */
  CLOUD_SERVICE,
  /** Drift was found but every finding was suppressed by rules. */
  SUPPRESSED,
  /**
   * An entry of a GCP long-running operation other than the one that carries the change: the last
   * entry, or the first for the few calls that name their resource only in the last.
   */
  OPERATION_CONTINUATION;

  /**
   * The lower-case label used in metrics and logs.
   *
   * @return e.g. {@code terraform_apply}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
