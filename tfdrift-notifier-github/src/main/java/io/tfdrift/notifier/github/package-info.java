/**
 * Notifier {@code github}: one GitHub issue per drift, found again after a restart by a marker in
 * its body, commented on when the drift is seen again and closed when it is resolved.
 */
package io.tfdrift.notifier.github;
