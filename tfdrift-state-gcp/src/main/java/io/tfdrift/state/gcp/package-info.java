/**
 * Terraform state in Google Cloud Storage (state backend {@code gcs}) and secrets in GCP Secret
 * Manager (secret scheme {@code gcp-secret}), both over Google's HTTP/JSON APIs. The public types
 * are the two providers, found by {@link java.util.ServiceLoader}.
 */
package io.tfdrift.state.gcp;
