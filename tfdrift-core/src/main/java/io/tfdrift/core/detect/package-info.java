/**
 * Drift detection: comparing what a call set with what state holds (by meaning, not by text),
 * recognising Terraform's own calls, and classifying drift with rules.
 */
package io.tfdrift.core.detect;
