package io.tfdrift.notifier.slack;

import static java.util.Map.entry;

import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.Secret;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.notify.HttpDelivery;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Slack Web API methods called with a bot token. Slack answers HTTP 200 with {@code {"ok": false,
 * "error": "..."}} when a call fails; HTTP 429 with {@code Retry-After} when it is rate limited
 * (retried after that long by {@link HttpDelivery}). Errors that a setting causes are permanent and
 * name the setting and the fix; the rest are retried.
 */
final class SlackApi {
  /** Errors a setting causes: the key at fault and the fix ({@code %s} is the channel). */
  private static final Map<String, String[]> SETTING_ERRORS =
      Map.ofEntries(
          entry(
              "invalid_auth",
              fix(
                  "token",
                  "Slack does not accept the token; use the bot token"
                      + " (xoxb-…) of an app installed in the workspace")),
          entry("not_authed", fix("token", "no token reached Slack; set token")),
          entry(
              "account_inactive",
              fix(
                  "token",
                  "the token's app or user was deactivated;"
                      + " reinstall the app and set its new token")),
          entry(
              "token_revoked",
              fix("token", "the token was revoked; reinstall the app and set" + " its new token")),
          entry(
              "token_expired",
              fix(
                  "token",
                  "the token expired; rotate it, or turn token" + " rotation off for the app")),
          entry(
              "no_permission",
              fix(
                  "token",
                  "the token may not post here; check the app's"
                      + " scopes (chat:write) and the channel's posting permissions")),
          entry(
              "missing_scope",
              fix(
                  "token",
                  "the token lacks the chat:write scope; add it and" + " reinstall the app")),
          entry(
              "channel_not_found",
              fix(
                  "channel",
                  "no channel '%s' is visible to the bot; use"
                      + " the channel's ID (C0123456789) and invite the bot to it")),
          entry(
              "not_in_channel",
              fix(
                  "channel",
                  "the bot is not a member of '%s'; /invite it,"
                      + " or give the app chat:write.public")),
          entry(
              "is_archived",
              fix("channel", "'%s' is archived; unarchive it or set another" + " channel")),
          entry(
              "restricted_action",
              fix(
                  "channel",
                  "the workspace does not let the bot post in"
                      + " '%s'; ask an admin or set another channel")));

  /** Errors about the message itself: retrying the same message cannot help. */
  private static final Set<String> MESSAGE_ERRORS =
      Set.of(
          "invalid_blocks",
          "invalid_blocks_format",
          "invalid_arguments",
          "msg_too_long",
          "no_text",
          "too_many_attachments",
          "invalid_arg_name",
          "invalid_array_arg",
          "invalid_charset",
          "invalid_form_data",
          "invalid_post_type",
          "missing_post_type");

  /** chat.update errors that mean the first message cannot show the new status (not fatal). */
  static final Set<String> UNCHANGEABLE =
      Set.of("message_not_found", "cant_update_message", "edit_window_closed");

  private final URI base;
  private final Secret token;
  private final String channel;
  private final String path;
  private final HttpDelivery http;

  SlackApi(URI base, Secret token, String channel, String path, HttpDelivery http) {
    this.base = base;
    this.token = token;
    this.channel = channel;
    this.path = path;
    this.http = http;
  }

  private static String[] fix(String key, String text) {
    return new String[] {key, text};
  }

  /**
   * Calls a method and returns Slack's answer, whether {@code ok} or not.
   *
   * @throws DeliveryException if Slack cannot be reached, is rate limited or answers garbage
   */
  Map<String, Object> call(String method, Map<String, Object> body) throws DeliveryException {
    String response =
        http.postJson(
            URI.create(base + "/" + method),
            JsonTrees.toJson(body),
            Map.of("Authorization", "Bearer " + token.reveal()));
    try {
      return JsonTrees.parseObject(response);
    } catch (IllegalArgumentException e) {
      throw DeliveryException.retryable(
          method + " answered with something other than JSON (a proxy in between?)", null);
    }
  }

  /**
   * Calls a method and returns its answer if it is {@code ok}.
   *
   * @throws DeliveryException permanent naming the setting for setting errors, retryable otherwise
   */
  Map<String, Object> require(String method, Map<String, Object> body) throws DeliveryException {
    Map<String, Object> answer = call(method, body);
    if (!ok(answer)) {
      throw failure(method, error(answer));
    }
    return answer;
  }

  static boolean ok(Map<String, Object> answer) {
    return Boolean.TRUE.equals(answer.get("ok"));
  }

  static String error(Map<String, Object> answer) {
    return answer.get("error") instanceof String e ? e : "unknown_error";
  }

  DeliveryException failure(String method, String error) {
    String[] setting = SETTING_ERRORS.get(error);
    if (setting != null) {
      return DeliveryException.permanent(
          path
              + "."
              + setting[0]
              + ": "
              + method
              + " failed with "
              + error
              + ": "
              + setting[1].replace("%s", channel),
          null);
    }
    if (MESSAGE_ERRORS.contains(error)) {
      return DeliveryException.permanent(
          method + " rejected tfdrift's message with " + error + "; please report it", null);
    }
    return DeliveryException.retryable(method + " failed with " + error, null);
  }
}
