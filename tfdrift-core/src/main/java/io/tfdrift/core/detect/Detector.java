package io.tfdrift.core.detect;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.core.mapping.SecurityGroupRules;
import io.tfdrift.core.state.StateIndex;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the resources a call touched into drift, by looking each up in state and comparing what the
 * call set with what state holds. Findings are not drift events yet: {@link RuleSet} classifies
 * them and builds each kept one's event once.
 */
public final class Detector {
  private final Clock clock;

  /**
   * A detector stamping {@code detected_at} from a clock.
   *
   * @param clock the clock
   */
  public Detector(Clock clock) {
    this.clock = clock;
  }

  /**
   * Detects drift for one successful, mutating call that is not Terraform's own.
   *
   * @param event the call
   * @param matches the resources it touched, as mapped
   * @param index the current state index
   * @return the drift, one per (call, resource); empty if nothing drifted
   */
  public List<Finding> detect(AuditEvent event, List<ResourceMatch> matches, StateIndex index) {
    return detect(event, matches, index, null);
  }

  /**
   * Detects drift, and adds to {@code evidence} what the call showed in sync with state: attributes
   * it left as state holds them, resources it deleted that no state holds.
   *
   * @param event the call
   * @param matches the resources it touched, as mapped
   * @param index the current state index
   * @param evidence where evidence goes, or {@code null} to look for none
   * @return the drift, one per (call, resource); empty if nothing drifted
   */
  public List<Finding> detect(
      AuditEvent event, List<ResourceMatch> matches, StateIndex index, List<Evidence> evidence) {
    if (matches.size() == 1) {
      Finding drift = detect(event, matches.get(0), index, evidence);
      return drift == null ? List.of() : List.of(drift);
    }
    List<Finding> out = new ArrayList<>(matches.size());
    Finding policyLevel = null;
    boolean perMember = false;
    for (int i = 0; i < matches.size(); i++) {
      ResourceMatch match = matches.get(i);
      if (i + 1 < matches.size() && isHolder(matches.get(i + 1), match)) {
        // One change, one finding: the attachment when state holds it, else its holder.
        ResourceMatch holder = matches.get(++i);
        match =
            lookup(index, match.type(), match.identifiers(), event.accountId()) != null
                ? match
                : holder;
      }
      Finding drift = detect(event, match, index, evidence);
      if (drift != null) {
        out.add(drift);
        policyLevel = match.type().endsWith(IAM_POLICY) ? drift : policyLevel;
        perMember =
            perMember || match.type().endsWith(IAM_MEMBER) || match.type().endsWith(IAM_BINDING);
      }
    }
    if (policyLevel != null && perMember) {
      // One change, one finding: the policy delta itemises a SetIamPolicy into its members, so
      // the finding for the whole policy (or, modelled inline, its project) is not added beside.
      out.remove(policyLevel);
    }
    return out;
  }

  private static final String IAM_POLICY = "_iam_policy";
  private static final String IAM_MEMBER = "_iam_member";
  private static final String IAM_BINDING = "_iam_binding";

  /**
   * What Terraform's own call showed, without looking for drift: every managed resource it changed,
   * and the attributes it set to what state holds.
   *
   * @param event Terraform's call
   * @param matches the resources it touched, as mapped
   * @param index the current state index
   * @param evidence where evidence goes
   */
  public void applied(
      AuditEvent event, List<ResourceMatch> matches, StateIndex index, List<Evidence> evidence) {
    for (int i = 0; i < matches.size(); i++) {
      ResourceMatch match = matches.get(i);
      ManagedResource resource =
          lookup(index, match.type(), match.identifiers(), event.accountId());
      boolean viaParent = false;
      if (resource == null) {
        String parent = RelatedTypes.parentOf(match.type());
        resource =
            parent == null ? null : lookup(index, parent, match.identifiers(), event.accountId());
        viaParent = resource != null;
      }
      if (resource == null) {
        continue;
      }
      evidence.add(new Evidence.Touched(event, resource));
      if (match.change() != ChangeKind.DELETE) {
        for (Map.Entry<String, AttributeChange> e : match.attributes().entrySet()) {
          Object expected = resource.attributes().get(e.getKey());
          if (expected == null && (viaParent || !index.knowsAttribute(resource, e.getKey()))) {
            continue;
          }
          Object actual =
              ManagedKeys.managedPart(
                  resource, e.getKey(), expected, apply(e.getValue(), expected));
          if (actual == UNCHANGED || Values.equivalent(expected, actual)) {
            evidence.add(new Evidence.InSync(event, resource, e.getKey(), e.getValue()));
          }
        }
      }
    }
  }

  private Finding detect(
      AuditEvent event, ResourceMatch match, StateIndex index, List<Evidence> evidence) {
    ManagedResource resource = lookup(index, match.type(), match.identifiers(), event.accountId());
    boolean viaParent = false;
    if (resource == null) {
      String parent = RelatedTypes.parentOf(match.type());
      resource =
          parent == null ? null : lookup(index, parent, match.identifiers(), event.accountId());
      viaParent = resource != null;
    }
    if (resource == null) {
      if (match.change() != ChangeKind.DELETE) {
        return unmanaged(event, match);
      }
      if (evidence != null && !match.identifiers().isEmpty()) {
        evidence.add(new Evidence.Deleted(event, match.type(), match.identifiers().get(0)));
      }
      return null;
    }
    if (match.change() == ChangeKind.DELETE) {
      return drift(
          event, resource, viaParent ? DriftKind.OUT_OF_BAND : DriftKind.DELETED, List.of());
    }
    if (match.attributes().isEmpty()) {
      return drift(event, resource, DriftKind.OUT_OF_BAND, List.of());
    }
    // Most calls change one attribute or none: the first change is kept as is and becomes a
    // one-element immutable list (which DriftEvent does not copy again); a list is built only
    // from the second change on.
    DriftEvent.Change first = null;
    List<DriftEvent.Change> more = null;
    int compared = 0;
    for (String name : sortedNames(match.attributes())) {
      AttributeChange extracted = match.attributes().get(name);
      Object expected = resource.attributes().get(name);
      if (expected == null && (viaParent || !index.knowsAttribute(resource, name))) {
        continue; // the parent models it elsewhere, or the state's provider has no such attribute
      }
      compared++;
      Object actual = ManagedKeys.managedPart(resource, name, expected, apply(extracted, expected));
      if (actual == UNCHANGED || Values.equivalent(expected, actual)) {
        if (evidence != null) {
          evidence.add(new Evidence.InSync(event, resource, name, extracted));
        }
      } else {
        DriftEvent.Change change = change(resource, name, expected, actual);
        if (first == null) {
          first = change;
        } else {
          if (more == null) {
            more = new ArrayList<>(match.attributes().size());
            more.add(first);
          }
          more.add(change);
        }
      }
    }
    if (compared == 0) {
      return drift(event, resource, DriftKind.OUT_OF_BAND, List.of());
    }
    if (first == null) {
      return null;
    }
    return drift(event, resource, DriftKind.MODIFIED, more != null ? more : List.of(first));
  }

  /** Whether {@code holder} models {@code part} inline ({@code related-types.txt}). */
  private static boolean isHolder(ResourceMatch holder, ResourceMatch part) {
    return holder.type().equals(RelatedTypes.parentOf(part.type()));
  }

  /** Attribute names in order, so that changes are listed the same way every time. */
  private static String[] sortedNames(Map<String, AttributeChange> attributes) {
    if (attributes.size() == 1) {
      // The common case; a short inlinable chain the JIT can scalar-replace, where keySet().toArray
      // allocated a key set view, two iterators, an entry and the array (~130 B per call).
      return new String[] {attributes.entrySet().iterator().next().getKey()};
    }
    String[] names = attributes.keySet().toArray(NO_NAMES);
    if (names.length > 1) {
      java.util.Arrays.sort(names);
    }
    return names;
  }

  private static final String[] NO_NAMES = new String[0];

  private static ManagedResource lookup(
      StateIndex index, String type, List<String> ids, String account) {
    for (int i = 0; i < ids.size(); i++) {
      ManagedResource r = index.lookup(type, ids.get(i), account);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /**
   * The value an attribute has after a change: the value the call set, or a partial change (an
   * added rule, a removed tag) applied to the value it had.
   *
   * @param change what the call did
   * @param before the value before, as a JSON tree ({@code null} if none)
   * @return the value after
   */
  public static Object after(AttributeChange change, Object before) {
    Object after = apply(change, before);
    return after == UNCHANGED ? before : after;
  }

  /** Marks a partial change that leaves the value as it was. */
  private static final Object UNCHANGED = new Object();

  /**
   * The new value of an attribute: the value the call set, or a partial change applied to state.
   */
  static Object apply(AttributeChange change, Object expected) {
    if (change instanceof AttributeChange.SetValue set) {
      return set.value();
    }
    if (change instanceof AttributeChange.AddToSet add) {
      return SecurityGroupRules.areBlocks(add.elements())
          ? addRules(add.elements(), expected)
          : applyElements(add.elements(), true, expected);
    }
    if (change instanceof AttributeChange.RemoveFromSet remove) {
      return SecurityGroupRules.areBlocks(remove.elements())
          ? removeRules(remove.elements(), expected)
          : applyElements(remove.elements(), false, expected);
    }
    if (change instanceof AttributeChange.PutKeys put) {
      return putEntries(put.entries(), expected);
    }
    return deleteKeys(((AttributeChange.DeleteKeys) change).keys(), expected);
  }

  /**
   * Rules compared by atoms, so that grouping does not matter; blocks the call did not touch are
   * kept as state has them (with their descriptions), new ones are appended as the call wrote them.
   */
  private static Object addRules(List<?> added, Object expected) {
    List<?> blocks = expected instanceof List<?> l ? l : List.of();
    Set<SecurityGroupRules.Atom> now = SecurityGroupRules.atoms(blocks);
    List<Object> next = new ArrayList<>(blocks);
    for (Object block : added) {
      if (!now.containsAll(SecurityGroupRules.atoms(List.of(block)))) {
        next.add(block);
      }
    }
    return next.size() == blocks.size() ? UNCHANGED : next;
  }

  private static Object removeRules(List<?> removedBlocks, Object expected) {
    List<?> blocks = expected instanceof List<?> l ? l : List.of();
    Set<SecurityGroupRules.Atom> removed = SecurityGroupRules.atoms(removedBlocks);
    List<Object> next = new ArrayList<>();
    boolean changed = false;
    for (Object block : blocks) {
      Set<SecurityGroupRules.Atom> atoms = SecurityGroupRules.atoms(List.of(block));
      Set<SecurityGroupRules.Atom> kept = new LinkedHashSet<>(atoms);
      kept.removeAll(removed);
      if (kept.size() == atoms.size()) {
        next.add(block);
      } else {
        changed = true;
        next.addAll(SecurityGroupRules.blocks(kept));
      }
    }
    return changed ? next : UNCHANGED;
  }

  private static Object applyElements(List<?> elements, boolean add, Object expected) {
    List<Object> next = expected instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    boolean changed = false;
    for (Object element : elements) {
      int at = indexOf(next, element);
      if (add && at < 0) {
        next.add(element);
        changed = true;
      } else if (!add && at >= 0) {
        next.remove(at);
        changed = true;
      }
    }
    return changed ? next : UNCHANGED;
  }

  private static int indexOf(List<Object> list, Object element) {
    for (int i = 0; i < list.size(); i++) {
      if (Values.equivalent(list.get(i), element) || names(element, list.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether a partial block names a block of state by its key fields: a call that removes a network
   * ACL entry logs only its rule number ({@code {rule_no: 100}}), which names the one entry of
   * state with that number.
   */
  private static boolean names(Object partial, Object block) {
    if (!(partial instanceof Map<?, ?> keys) || !(block instanceof Map<?, ?> full)) {
      return false;
    }
    if (keys.isEmpty() || keys.size() >= full.size()) {
      return false;
    }
    for (Map.Entry<?, ?> e : keys.entrySet()) {
      if (!full.containsKey(e.getKey()) || !Values.equivalent(full.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static Object putEntries(Map<String, ?> entries, Object expected) {
    if (expected instanceof List<?> blocks
        && (blocks.isEmpty() || (blocks.size() == 1 && blocks.get(0) instanceof Map<?, ?>))) {
      // A block of at most one element (S3 versioning_configuration): the keys go into it.
      Object inner = putEntries(entries, blocks.isEmpty() ? null : blocks.get(0));
      return inner == UNCHANGED ? UNCHANGED : List.of(inner);
    }
    Map<String, Object> next = entriesOf(expected);
    boolean changed = false;
    for (Map.Entry<String, ?> e : entries.entrySet()) {
      Object old = next.put(e.getKey(), e.getValue());
      changed |= old == null || !Values.equivalent(old, e.getValue());
    }
    return changed ? next : UNCHANGED;
  }

  private static Object deleteKeys(List<String> keys, Object expected) {
    Map<String, Object> next = entriesOf(expected);
    boolean changed = false;
    for (String key : keys) {
      changed |= next.remove(key) != null;
    }
    return changed ? next : UNCHANGED;
  }

  private static Map<String, Object> entriesOf(Object expected) {
    Map<String, Object> next = new TreeMap<>();
    if (expected instanceof Map<?, ?> m) {
      m.forEach((k, v) -> next.put(String.valueOf(k), v));
    }
    return next;
  }

  private static DriftEvent.Change change(
      ManagedResource resource, String attribute, Object expected, Object actual) {
    if (resource.isSensitive(attribute)) {
      return new DriftEvent.Change(
          attribute,
          Optional.of(DriftEvent.Change.SENSITIVE),
          Optional.of(DriftEvent.Change.SENSITIVE));
    }
    return new DriftEvent.Change(
        attribute, Optional.ofNullable(sameShape(expected, actual)), Optional.ofNullable(actual));
  }

  /**
   * State keeps policies as JSON text; when the call's value is a parsed document, the expected
   * value is shown parsed too, so that both sides of a change read alike.
   */
  private static Object sameShape(Object expected, Object actual) {
    if (expected instanceof String text && (actual instanceof Map || actual instanceof List)) {
      Object parsed = io.tfdrift.core.json.JsonTrees.parseEmbedded(text);
      return parsed instanceof String ? expected : parsed;
    }
    return expected;
  }

  private Finding drift(
      AuditEvent event, ManagedResource r, DriftKind kind, List<DriftEvent.Change> changes) {
    var resource =
        new DriftEvent.Resource(r.address(), r.type(), r.name(), r.id(), r.module(), r.state());
    return new Finding(
        id(event, r.address(), kind),
        kind,
        event.provider(),
        resource,
        changes,
        event.actor(),
        DriftEvent.Event.of(event),
        clock.instant());
  }

  private Finding unmanaged(AuditEvent event, ResourceMatch match) {
    String id = match.identifiers().get(0);
    String name = id.substring(id.lastIndexOf('/') + 1);
    String address = match.type() + "." + name;
    Map<String, Object> plain = new LinkedHashMap<>();
    new TreeMap<>(match.attributes())
        .forEach(
            (k, v) -> {
              if (v instanceof AttributeChange.SetValue set) {
                plain.put(k, set.value());
              }
            });
    List<DriftEvent.Change> changes = new ArrayList<>(plain.size());
    plain.forEach(
        (k, v) -> changes.add(new DriftEvent.Change(k, Optional.empty(), Optional.of(v))));
    return new Finding(
        id(event, address, DriftKind.UNMANAGED),
        DriftKind.UNMANAGED,
        event.provider(),
        new DriftEvent.Resource(address, match.type(), name, id, "", ""),
        changes,
        event.actor(),
        DriftEvent.Event.of(event),
        clock.instant());
  }

  /**
   * A stable id: the same call, resource and kind always give the same 16 hex digits (a 64-bit
   * FNV-1a hash with a final avalanche; no cryptographic strength is needed to de-duplicate).
   */
  static String id(AuditEvent event, String address, DriftKind kind) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, event.eventId());
    h = (h ^ '|') * 0x100000001b3L;
    h = fnv(h, address);
    h = (h ^ '|') * 0x100000001b3L;
    h = fnv(h, kind.label());
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return HexFormat.of().toHexDigits(h);
  }

  private static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }
}
