/**
 * Terraform state: parsing format version 4 ({@link io.tfdrift.core.state.TerraformStateParser}),
 * the identifier index every audit event is matched against ({@link
 * io.tfdrift.core.state.StateIndex}), refresh with last-good fallback ({@link
 * io.tfdrift.core.state.StateStore}) and the {@code local} state backend.
 */
package io.tfdrift.core.state;
