/** The {@code pagerduty} notifier: PagerDuty Events API v2, one incident per drifting attribute. */
package io.tfdrift.notifier.pagerduty;
