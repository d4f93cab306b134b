package io.tfdrift.falco.http;

import java.util.HashSet;
import java.util.Set;

/**
 * The delivery ids (falcosidekick's {@code uuid}) of the most recent alerts taken, so that a
 * delivery sent twice (a proxy or a sender retrying after a lost answer) is queued once. Bounded:
 * the oldest id is forgotten when a new one comes in past {@code capacity}. O(1) per id.
 */
final class DeliveryIds {
  private final String[] ring;
  private final Set<String> known;
  private int next;

  DeliveryIds(int capacity) {
    this.ring = new String[capacity];
    this.known = new HashSet<>(capacity * 2);
  }

  /**
   * Claims an id for one delivery.
   *
   * @param id the delivery id; empty ids are never duplicates
   * @return {@code false} if the id was claimed before and is still remembered
   */
  boolean claim(String id) {
    // Falco's own alerts have no id: no lock on their path
    return id.isEmpty() || claimNew(id);
  }

  private synchronized boolean claimNew(String id) {
    if (!known.add(id)) {
      return false;
    }
    String evicted = ring[next];
    if (evicted != null) {
      known.remove(evicted);
    }
    ring[next] = id;
    next = (next + 1) % ring.length;
    return true;
  }

  /**
   * Gives back a claim whose alert was not taken (queue full), so the sender's retry is accepted.
   *
   * @param id the delivery id
   */
  synchronized void release(String id) {
    if (!id.isEmpty()) {
      // the slot in the ring stays; evicting it later removes nothing or a re-claimed id early,
      // which only shortens that id's memory
      known.remove(id);
    }
  }
}
