package io.tfdrift.core.state;

import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.spi.StateView;
import io.tfdrift.core.state.IdentifierAttributes.Claim;
import io.tfdrift.core.state.IdentifierAttributes.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every managed resource instance of every loaded state, indexed by every identifier it carries:
 * {@code id}, {@code arn}, {@code self_link} (and its {@code projects/...} path), {@code name} and
 * the provider-specific ids listed in {@code identifier-attributes.txt} (RDS {@code identifier} and
 * {@code resource_id}, KMS {@code key_id}, ...). An instance of a type the provider also registers
 * under another name ({@code aws_alb} for {@code aws_lb}, {@code type-aliases.txt}) is found by
 * either name.
 *
 * <p>Immutable and safe to share between threads; {@link StateStore} builds a new one on every
 * refresh and swaps it atomically. Lookups are two hash probes and allocate nothing: the index is
 * nested by resource type, so no composite key is built per event.
 *
 * <p>When two instances of one type carry the same identifier, an {@code id}/{@code arn}/{@code
 * self_link} claim beats a provider-specific id, which beats a {@code name}; so a name that two
 * security groups in different VPCs share never hides the instance whose {@code id} it is. Between
 * equal claims the first instance (states in the order given, resources in document order) keeps
 * the identifier and the collision is counted in {@link #ambiguousIdentifiers()}.
 *
 * <pre>{@code
 * StateIndex index = StateIndex.of(List.of(network, compute));
 * ManagedResource sg = index.lookup("aws_security_group", "sg-0a1b2c3d");
 * }</pre>
 */
public final class StateIndex implements StateView {

  private static final Logger log = LoggerFactory.getLogger(StateIndex.class);

  private static final StateIndex EMPTY =
      new StateIndex(Map.of(), Map.of(), Set.of(), Map.of(), List.of(), 0, Map.of());

  // Plain HashMaps, filled once in the constructor's builder and never modified or exposed: they
  // accept null lookups and are safely published through final fields.
  private final Map<String, Map<String, Held>> byType;
  private final Map<String, List<ManagedResource>> byIdentifier;
  private final Set<String> states;
  private final Map<String, Integer> resourcesPerState;
  private final List<ManagedResource> resources;
  private final int ambiguousIdentifiers;

  /** State name → type → attribute names its writer knows ({@link ParsedState#attributeNames}). */
  private final Map<String, Map<String, Set<String>>> attributeNames;

  private StateIndex(
      Map<String, Map<String, Held>> byType,
      Map<String, List<ManagedResource>> byIdentifier,
      Set<String> states,
      Map<String, Integer> resourcesPerState,
      List<ManagedResource> resources,
      int ambiguousIdentifiers,
      Map<String, Map<String, Set<String>>> attributeNames) {
    this.attributeNames = attributeNames;
    this.byType = byType;
    this.byIdentifier = byIdentifier;
    this.states = states;
    this.resourcesPerState = resourcesPerState;
    this.resources = resources;
    this.ambiguousIdentifiers = ambiguousIdentifiers;
  }

  /**
   * The index of no state at all.
   *
   * @return the empty index
   */
  public static StateIndex empty() {
    return EMPTY;
  }

  /**
   * Indexes parsed states with the bundled identifier table.
   *
   * @param states the states, each with a distinct {@link ParsedState#name()}; earlier states win
   *     ties between equal identifier claims
   * @return the index
   */
  public static StateIndex of(Collection<ParsedState> states) {
    return of(states, IdentifierAttributes.bundled());
  }

  static StateIndex of(Collection<ParsedState> states, IdentifierAttributes table) {
    if (states.isEmpty()) {
      return EMPTY;
    }
    return new Builder(table).addAll(states).build();
  }

  /**
   * Whether the provider that wrote a resource's state knows an attribute of its type: the state
   * carries it on the type's instances, {@code null} or not. An attribute an older provider does
   * not have is absent, and a call setting it is not a change "from null". {@code true} when the
   * state's attribute names are unknown. Two hash probes, no allocation.
   *
   * @param resource an instance of this index
   * @param attribute a top-level attribute name
   * @return whether the state's writer knows the attribute
   */
  public boolean knowsAttribute(ManagedResource resource, String attribute) {
    Map<String, Set<String>> ofState = attributeNames.get(resource.state());
    Set<String> names = ofState == null ? null : ofState.get(resource.type());
    return names == null || names.contains(attribute);
  }

  /**
   * The instance of {@code type} that carries {@code identifier}, for the hot path: no allocation,
   * no {@link Optional}.
   *
   * @param type the Terraform resource type, e.g. {@code aws_instance}
   * @param identifier an id, ARN, self link, self link path, name or provider-specific id
   * @return the instance, or {@code null} if none carries it (or either argument is {@code null})
   */
  public ManagedResource lookup(String type, String identifier) {
    if (type == null || identifier == null) {
      return null;
    }
    Map<String, Held> ofType = byType.get(type);
    Held held = ofType == null ? null : ofType.get(identifier);
    return held == null ? null : held.resource;
  }

  /**
   * The instance of {@code type} that carries {@code identifier} in an account or project, for the
   * hot path: no allocation. A bare name ({@code legit-role}, {@code exfiltration}) means a
   * different resource in each account. The account of an instance is known from its own ARN, its
   * {@code project}, or the one account every ARN of its state names. When the call's account is
   * known and differs from that of every instance carrying the name, none answers: the call changed
   * another account's resource of the same name. The holder answers when the call's account or the
   * holder's is unknown. ARNs and {@code projects/...} paths name their account themselves and
   * match in any account.
   *
   * @param type the Terraform resource type
   * @param identifier the identifier
   * @param account the AWS account id or GCP project of the call; empty if unknown (then as {@link
   *     #lookup(String, String)})
   * @return the instance, or {@code null} if none carries it in that account
   */
  public ManagedResource lookup(String type, String identifier, String account) {
    if (type == null || identifier == null) {
      return null;
    }
    Map<String, Held> ofType = byType.get(type);
    Held held = ofType == null ? null : ofType.get(identifier);
    if (held == null) {
      return null;
    }
    if (account == null
        || account.isEmpty()
        || held.scope.isEmpty()
        || held.scope.equals(account)
        || Scopes.namesItsAccount(identifier)) {
      return held.resource;
    }
    Held[] others = held.others;
    for (int i = 0; i < others.length; i++) {
      if (others[i].scope.equals(account)) {
        return others[i].resource;
      }
    }
    // No namesake in the call's account: the holder lives in another, known account, so this is
    // another resource of the same name (IAM roles, snapshots and security groups are named per
    // account). Only when the two accounts cannot be compared (a GCP project number against a
    // project id) does the holder answer, as for an unknown account.
    return Scopes.comparable(held.scope, account) ? null : held.resource;
  }

  @Override
  public Optional<ManagedResource> find(String type, String identifier) {
    return Optional.ofNullable(lookup(type, identifier));
  }

  /**
   * Every instance, of any type, that carries {@code identifier}: at most one per type, for events
   * whose Terraform type is not known (an ARN in a CloudTrail {@code resources} list). Allocates
   * nothing.
   *
   * @param identifier the identifier
   * @return the instances in the order their types were first indexed; empty if none
   */
  public List<ManagedResource> findAnyType(String identifier) {
    if (identifier == null) {
      return List.of();
    }
    List<ManagedResource> found = byIdentifier.get(identifier);
    return found == null ? List.of() : found;
  }

  @Override
  public Set<String> states() {
    return states;
  }

  /**
   * How many managed instances the loaded states hold, including those without any identifier.
   *
   * @return the count
   */
  @Override
  public int size() {
    return resources.size();
  }

  /**
   * Managed instance count per state name, in state order; for metrics and {@code /ready}.
   *
   * @return the counts
   */
  public Map<String, Integer> resourcesPerState() {
    return resourcesPerState;
  }

  /**
   * How many identifiers two or more instances of one type claim equally strongly (for instance the
   * same {@code name} in two states); the first instance answers lookups.
   *
   * @return the count
   */
  public int ambiguousIdentifiers() {
    return ambiguousIdentifiers;
  }

  /**
   * Every managed instance of every state, states in order, resources in document order.
   *
   * @return the instances
   */
  public List<ManagedResource> resources() {
    return resources;
  }

  @Override
  public String toString() {
    return "StateIndex[states=" + states + ", resources=" + resources.size() + "]";
  }

  /** The holder of one identifier, with the account it lives in and its namesakes elsewhere. */
  private static final class Held {
    private static final Held[] NONE = new Held[0];
    final ManagedResource resource;
    final String scope;
    final Held[] others;

    Held(ManagedResource resource, String scope, Held[] others) {
      this.resource = resource;
      this.scope = scope;
      this.others = others;
    }
  }

  /** One identifier's current holder while building. */
  private static final class Slot {
    ManagedResource resource;
    Claim claim;
    String scope;
    boolean ambiguous;
    // Holders of the same identifier in other accounts, by account (the strongest claim each).
    Map<String, Slot> elsewhere;

    Slot(ManagedResource resource, Claim claim, String scope) {
      this.resource = resource;
      this.claim = claim;
      this.scope = scope;
    }

    /** Keeps a holder of another account; the strongest claim, then the first, wins there. */
    void keepElsewhere(ManagedResource owner, Claim claim, String scope) {
      if (elsewhere == null) {
        elsewhere = new LinkedHashMap<>();
      }
      Slot there = elsewhere.get(scope);
      if (there == null) {
        elsewhere.put(scope, new Slot(owner, claim, scope));
      } else if (claim.beats(there.claim)) {
        there.resource = owner;
        there.claim = claim;
      }
    }

    Held held() {
      if (elsewhere == null || elsewhere.isEmpty()) {
        return new Held(resource, scope, Held.NONE);
      }
      List<Held> others = new ArrayList<>(elsewhere.size());
      elsewhere.forEach(
          (account, slot) -> {
            if (!account.equals(scope)) {
              others.add(new Held(slot.resource, account, Held.NONE));
            }
          });
      return new Held(resource, scope, others.toArray(Held.NONE));
    }
  }

  private static final class Builder {
    private final IdentifierAttributes table;
    private final Map<String, List<Rule>> rulesByType = new HashMap<>();
    private final Map<String, Map<String, Slot>> slotsByType = new LinkedHashMap<>();
    private final Set<String> states = new LinkedHashSet<>();
    private final Map<String, Integer> perState = new LinkedHashMap<>();
    private final List<ManagedResource> resources = new ArrayList<>();
    private final Map<String, Map<String, Set<String>>> attributeNames = new HashMap<>();

    Builder(IdentifierAttributes table) {
      this.table = table;
    }

    Builder addAll(Collection<ParsedState> parsed) {
      for (ParsedState state : parsed) {
        if (!states.add(state.name())) {
          log.warn("State name {} is loaded twice; both are indexed", state.name());
        }
        perState.merge(state.name(), state.managed().size(), Integer::sum);
        if (!state.attributeNames().isEmpty()) {
          attributeNames.putIfAbsent(state.name(), state.attributeNames());
        }
        String stateScope = Scopes.ofState(state.managed());
        for (ManagedResource resource : state.managed()) {
          add(resource, Scopes.of(resource, stateScope));
        }
      }
      return this;
    }

    private void add(ManagedResource resource, String scope) {
      resources.add(resource);
      index(resource, resource.type(), scope);
      String canonical = TypeAliases.canonicalOf(resource.type());
      if (canonical != null) {
        index(resource, canonical, scope);
      }
    }

    /** Indexes an instance under a type: its own, or the type its own is another name for. */
    private void index(ManagedResource resource, String type, String scope) {
      Map<String, Slot> slots = slotsByType.computeIfAbsent(type, t -> new HashMap<>());
      List<Rule> rules = rulesByType.computeIfAbsent(resource.type(), table::rulesFor);
      for (Rule rule : rules) {
        String value = rule.valueIn(resource.attributes());
        if (value != null) {
          claim(slots, value, rule.claim(), resource, scope);
          claimDerived(slots, value, rule.claim(), resource, scope);
        }
      }
    }

    // Google resources are named by self link, by its path, and by their short name in
    // different audit log fields; index all three.
    private void claimDerived(
        Map<String, Slot> slots,
        String value,
        Claim claim,
        ManagedResource resource,
        String scope) {
      String path = value;
      if (value.startsWith("https://") || value.startsWith("http://")) {
        int projects = value.indexOf("/projects/");
        if (projects < 0) {
          return;
        }
        path = value.substring(projects + 1);
        claim(slots, path, claim, resource, scope);
      }
      if (path.startsWith("projects/")) {
        String shortName = path.substring(path.lastIndexOf('/') + 1);
        if (!shortName.isEmpty()) {
          claim(slots, shortName, Claim.NAME, resource, scope);
        }
      }
    }

    private void claim(
        Map<String, Slot> slots, String value, Claim claim, ManagedResource owner, String scope) {
      Slot slot = slots.get(value);
      if (slot == null) {
        slots.put(value, new Slot(owner, claim, scope));
        return;
      }
      if (slot.resource != owner
          && !scope.isEmpty()
          && !slot.scope.isEmpty()
          && !scope.equals(slot.scope)) {
        // Namesakes in two accounts are two resources: keep both, the call's account picks; a
        // lookup without an account gets the strongest claim, then the first.
        if (claim.beats(slot.claim)) {
          slot.keepElsewhere(slot.resource, slot.claim, slot.scope);
          slot.resource = owner;
          slot.claim = claim;
          slot.scope = scope;
          slot.ambiguous = false;
        } else {
          slot.keepElsewhere(owner, claim, scope);
        }
        return;
      }
      if (slot.resource == owner) {
        if (claim.beats(slot.claim)) {
          slot.claim = claim;
        }
      } else if (claim.beats(slot.claim)) {
        slot.resource = owner;
        slot.claim = claim;
        slot.scope = scope;
        slot.ambiguous = false;
      } else if (claim == slot.claim && !slot.ambiguous) {
        slot.ambiguous = true;
        log.debug(
            "Identifier {} of type {} is claimed by {} ({}) and {} ({}); the first is used",
            value,
            owner.type(),
            slot.resource.address(),
            slot.resource.state(),
            owner.address(),
            owner.state());
      }
    }

    StateIndex build() {
      Map<String, Map<String, Held>> byType = new HashMap<>();
      Map<String, Object> anyType = new HashMap<>();
      int ambiguous = 0;
      for (Map.Entry<String, Map<String, Slot>> typeSlots : slotsByType.entrySet()) {
        Map<String, Held> ofType = new HashMap<>(capacity(typeSlots.getValue().size()));
        for (Map.Entry<String, Slot> entry : typeSlots.getValue().entrySet()) {
          Slot slot = entry.getValue();
          ofType.put(entry.getKey(), slot.held());
          addAnyType(anyType, entry.getKey(), slot.resource);
          if (slot.ambiguous) {
            ambiguous++;
          }
        }
        byType.put(typeSlots.getKey(), ofType);
      }
      if (ambiguous > 0) {
        log.debug(
            "{} identifiers are claimed by more than one instance of the same type; lookups return"
                + " the first (enable debug logging for io.tfdrift.core.state.StateIndex to list"
                + " them)",
            ambiguous);
      }
      return new StateIndex(
          byType,
          toLists(anyType),
          Collections.unmodifiableSet(states),
          Collections.unmodifiableMap(perState),
          List.copyOf(resources),
          ambiguous,
          attributeNames);
    }

    @SuppressWarnings("unchecked")
    private static void addAnyType(
        Map<String, Object> anyType, String identifier, ManagedResource resource) {
      Object held = anyType.get(identifier);
      if (held == null) {
        anyType.put(identifier, resource);
      } else if (held == resource
          || (held instanceof List<?> several && holds(several, resource))) {
        return; // indexed under its own type and under the type it is another name for
      } else if (held instanceof ManagedResource first) {
        List<ManagedResource> several = new ArrayList<>(2);
        several.add(first);
        several.add(resource);
        anyType.put(identifier, several);
      } else {
        ((List<ManagedResource>) held).add(resource);
      }
    }

    private static boolean holds(List<?> several, ManagedResource resource) {
      for (Object held : several) {
        if (held == resource) {
          return true;
        }
      }
      return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<ManagedResource>> toLists(Map<String, Object> anyType) {
      Map<String, List<ManagedResource>> lists = new HashMap<>(capacity(anyType.size()));
      for (Map.Entry<String, Object> entry : anyType.entrySet()) {
        Object held = entry.getValue();
        lists.put(
            entry.getKey(),
            held instanceof ManagedResource one
                ? List.of(one)
                : List.copyOf((List<ManagedResource>) held));
      }
      return lists;
    }

    private static int capacity(int entries) {
      return (int) (entries / 0.75f) + 1;
    }
  }
}
