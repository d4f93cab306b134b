package io.tfdrift.core.decode;

import io.tfdrift.api.AuditEvent;
import java.util.ArrayList;
import java.util.List;

/** Collects what an {@link AuditFileReader} delivers. */
final class RecordingListener implements AuditFileReader.Listener {

  record Rejection(String where, String problem) {}

  final List<AuditEvent> events = new ArrayList<>();
  final List<Rejection> rejections = new ArrayList<>();

  @Override
  public void onEvent(AuditEvent event) {
    events.add(event);
  }

  @Override
  public void onRejected(String where, String problem) {
    rejections.add(new Rejection(where, problem));
  }

  List<String> eventIds() {
    return events.stream().map(AuditEvent::eventId).toList();
  }
}
