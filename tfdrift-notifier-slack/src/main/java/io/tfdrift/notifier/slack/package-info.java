/** The {@code slack} notifier: incoming webhooks or {@code chat.postMessage}, with Block Kit. */
package io.tfdrift.notifier.slack;
