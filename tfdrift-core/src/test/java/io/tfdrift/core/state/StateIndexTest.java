package io.tfdrift.core.state;

import static io.tfdrift.core.state.StateFixtures.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.ManagedResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateIndexTest {

  private final StateIndex index =
      StateIndex.of(
          List.of(parsed("aws-prod", "aws-prod.tfstate"), parsed("gcp", "gcp-prod.tfstate")));

  private static ManagedResource resource(
      String state, String type, String name, Map<String, Object> attributes) {
    return new ManagedResource(
        state,
        type + "." + name,
        "",
        type,
        name,
        String.valueOf(attributes.getOrDefault("id", "")),
        attributes,
        Set.of());
  }

  private static ParsedState state(String name, ManagedResource... resources) {
    return new ParsedState(
        name, "default", name + ".tfstate", 1, "", "1.7.5", List.of(resources), 0, 0);
  }

  @Test
  void indexesInstancesByIdAndArn() {
    assertThat(index.lookup("aws_instance", "i-0123456789abcdef1").address())
        .isEqualTo("aws_instance.web[1]");
    assertThat(
            index.lookup(
                "aws_instance", "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"))
        .extracting(ManagedResource::address)
        .isEqualTo("aws_instance.web[0]");
  }

  @Test
  void indexesDbInstanceByIdentifierAndResourceId() {
    ManagedResource byIdentifier = index.lookup("aws_db_instance", "prod-db");
    ManagedResource byResourceId = index.lookup("aws_db_instance", "db-ABCDEFGHIJKLMNOPQRSTUVWXY1");

    assertThat(byIdentifier).isNotNull().isSameAs(byResourceId);
    assertThat(byIdentifier.address()).isEqualTo("module.db.aws_db_instance.main");
    assertThat(index.lookup("aws_db_instance", "arn:aws:rds:us-east-1:123456789012:db:prod-db"))
        .isSameAs(byIdentifier);
  }

  @Test
  void keepsBucketAndBucketPolicySharingAnIdApartByType() {
    assertThat(index.lookup("aws_s3_bucket", "my-bucket").address())
        .isEqualTo("aws_s3_bucket.assets");
    assertThat(index.lookup("aws_s3_bucket_policy", "my-bucket").address())
        .isEqualTo("aws_s3_bucket_policy.assets");
    assertThat(index.findAnyType("my-bucket"))
        .extracting(ManagedResource::address)
        .containsExactlyInAnyOrder("aws_s3_bucket.assets", "aws_s3_bucket_policy.assets");
  }

  @Test
  void indexesIamRoleByNameArnAndUniqueId() {
    ManagedResource byName = index.lookup("aws_iam_role", "app");

    assertThat(byName).extracting(ManagedResource::address).isEqualTo("aws_iam_role.app");
    assertThat(index.lookup("aws_iam_role", "arn:aws:iam::123456789012:role/app")).isSameAs(byName);
    assertThat(index.lookup("aws_iam_role", "AROA3XFRBF535PLBIFPI4")).isSameAs(byName);
  }

  @Test
  void indexesGoogleInstanceBySelfLinkItsPathIdShortNameAndInstanceId() {
    ManagedResource vm = index.lookup("google_compute_instance", "vm");

    assertThat(vm).extracting(ManagedResource::address).isEqualTo("google_compute_instance.vm");
    assertThat(vm.state()).isEqualTo("gcp");
    assertThat(
            index.lookup(
                "google_compute_instance",
                "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/vm"))
        .isSameAs(vm);
    assertThat(
            index.lookup("google_compute_instance", "projects/p/zones/us-central1-a/instances/vm"))
        .isSameAs(vm);
    assertThat(index.lookup("google_compute_instance", "4567890123456789012")).isSameAs(vm);
  }

  @Test
  void indexesGoogleStorageBucketByNameAndSelfLink() {
    ManagedResource byName = index.lookup("google_storage_bucket", "p-logs");

    assertThat(byName).extracting(ManagedResource::address).isEqualTo("google_storage_bucket.logs");
    assertThat(
            index.lookup("google_storage_bucket", "https://www.googleapis.com/storage/v1/b/p-logs"))
        .isSameAs(byName);
  }

  @Test
  void indexesForEachInstancesSeparatelyById() {
    assertThat(index.lookup("aws_security_group", "sg-0a1b2c3d4e5f60001").address())
        .isEqualTo("module.net.aws_security_group.web[\"a\"]");
    assertThat(index.lookup("aws_security_group", "sg-0a1b2c3d4e5f60002").address())
        .isEqualTo("module.net.aws_security_group.web[\"b\"]");
  }

  @Test
  void countsANameTwoInstancesShareAsAmbiguousAndKeepsTheFirst() {
    // Both security groups are named "web" (in different VPCs).
    assertThat(index.lookup("aws_security_group", "web").address())
        .isEqualTo("module.net.aws_security_group.web[\"a\"]");
    assertThat(index.ambiguousIdentifiers()).isEqualTo(1);
  }

  @Test
  void neverLetsANameCollisionHideAnIdMatch() {
    ManagedResource namedLikeTheOther =
        resource("s", "aws_security_group", "a", Map.of("id", "sg-1", "name", "sg-2"));
    ManagedResource realOwner =
        resource("s", "aws_security_group", "b", Map.of("id", "sg-2", "name", "other"));

    StateIndex built = StateIndex.of(List.of(state("s", namedLikeTheOther, realOwner)));

    assertThat(built.lookup("aws_security_group", "sg-2")).isSameAs(realOwner);
    assertThat(built.ambiguousIdentifiers()).isZero();
  }

  @Test
  void keepsTheFirstOfTwoEqualIdClaimsAcrossStates() {
    ManagedResource first = resource("a", "aws_instance", "x", Map.of("id", "i-1"));
    ManagedResource second = resource("b", "aws_instance", "y", Map.of("id", "i-1"));

    StateIndex built = StateIndex.of(List.of(state("a", first), state("b", second)));

    assertThat(built.lookup("aws_instance", "i-1")).isSameAs(first);
    assertThat(built.ambiguousIdentifiers()).isEqualTo(1);
    assertThat(built.size()).isEqualTo(2);
  }

  @Test
  void doesNotIndexReferencesToOtherResourcesAsIdentifiers() {
    // An RDS cluster instance names its cluster in cluster_identifier: a reference, not its id.
    ManagedResource member =
        resource(
            "s",
            "aws_rds_cluster_instance",
            "one",
            Map.of("id", "aurora-1", "identifier", "aurora-1", "cluster_identifier", "aurora"));

    StateIndex built = StateIndex.of(List.of(state("s", member)));

    assertThat(built.lookup("aws_rds_cluster_instance", "aurora-1")).isSameAs(member);
    assertThat(built.lookup("aws_rds_cluster_instance", "aurora")).isNull();
  }

  @Test
  void findsAnAliasTypeByTheTypeItIsAnotherNameFor() {
    // resource "aws_alb" is the provider's second name for aws_lb; tables name aws_lb.
    String arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c";
    ManagedResource alb = resource("s", "aws_alb", "web", Map.of("id", arn, "arn", arn));

    StateIndex built = StateIndex.of(List.of(state("s", alb)));

    assertThat(built.lookup("aws_lb", arn)).isSameAs(alb);
    assertThat(built.lookup("aws_alb", arn)).isSameAs(alb);
    assertThat(built.lookup("aws_lb_listener", arn)).isNull();
    assertThat(built.findAnyType(arn)).containsExactly(alb);
  }

  @Test
  void indexesAUserPolicyAttachmentByUserAndPolicyArn() {
    // The provider's id is "<user>-<random suffix>"; AttachUserPolicy names user and policy.
    ManagedResource attachment =
        resource(
            "s",
            "aws_iam_user_policy_attachment",
            "deploy_admin",
            Map.of(
                "id", "deploy-20240117093000000000000001",
                "user", "deploy",
                "policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess"));
    ManagedResource other =
        resource(
            "s",
            "aws_iam_user_policy_attachment",
            "deploy_read",
            Map.of(
                "id", "deploy-20240117093000000000000002",
                "user", "deploy",
                "policy_arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));

    StateIndex built = StateIndex.of(List.of(state("s", attachment, other)));

    assertThat(
            built.lookup(
                "aws_iam_user_policy_attachment",
                "deploy/arn:aws:iam::aws:policy/AdministratorAccess"))
        .isSameAs(attachment);
    assertThat(
            built.lookup(
                "aws_iam_user_policy_attachment", "deploy/arn:aws:iam::aws:policy/ReadOnlyAccess"))
        .isSameAs(other);
    assertThat(built.lookup("aws_iam_user_policy_attachment", "deploy")).isNull();
    assertThat(built.ambiguousIdentifiers()).isZero();
  }

  @Test
  void indexesABucketAclByItsBucketWhateverItsIdSays() {
    // With acl set the provider's id is "<bucket>,<acl>"; PutBucketAcl names the bucket.
    ManagedResource acl =
        resource(
            "s",
            "aws_s3_bucket_acl",
            "logs",
            Map.of("id", "logs-prod,private", "bucket", "logs-prod", "acl", "private"));

    StateIndex built = StateIndex.of(List.of(state("s", acl)));

    assertThat(built.lookup("aws_s3_bucket_acl", "logs-prod")).isSameAs(acl);
    assertThat(built.lookup("aws_s3_bucket_acl", "logs-prod,private")).isSameAs(acl);
  }

  @Test
  void findsEveryTypeCarryingAnIdentifier() {
    assertThat(index.findAnyType("arn:aws:iam::123456789012:role/app"))
        .extracting(ManagedResource::address)
        .containsExactly("aws_iam_role.app");
    assertThat(index.findAnyType("nothing-has-this")).isEmpty();
  }

  @Test
  void returnsNullOrEmptyForUnknownTypesAndIdentifiers() {
    assertThat(index.lookup("aws_instance", "i-unknown")).isNull();
    assertThat(index.lookup("aws_unknown_type", "i-0123456789abcdef0")).isNull();
    assertThat(index.lookup(null, null)).isNull();
    assertThat(index.find("aws_instance", "i-unknown")).isEmpty();
    assertThat(index.find("aws_instance", "i-0123456789abcdef0"))
        .map(ManagedResource::address)
        .contains("aws_instance.web[0]");
    assertThat(index.findAnyType(null)).isEmpty();
  }

  @Test
  void doesNotIndexDataSourcesOrDeposedObjects() {
    assertThat(index.findAnyType("vpc-0a1b2c3d")).isEmpty();
    assertThat(index.lookup("aws_instance", "i-0ccccccccccccccc5")).isNull();
  }

  @Test
  void reportsStatesSizesAndCounts() {
    assertThat(index.states()).containsExactly("aws-prod", "gcp");
    assertThat(index.size()).isEqualTo(13);
    assertThat(index.resourcesPerState())
        .containsExactly(Map.entry("aws-prod", 11), Map.entry("gcp", 2));
    assertThat(index.resources()).hasSize(13);
  }

  @Test
  void emptyIndexHoldsNothing() {
    StateIndex empty = StateIndex.empty();

    assertThat(empty.size()).isZero();
    assertThat(empty.states()).isEmpty();
    assertThat(empty.lookup("aws_instance", "i-1")).isNull();
    assertThat(StateIndex.of(List.of())).isSameAs(empty);
  }

  @Test
  void listsAnEmptyStateAmongTheStates() {
    StateIndex withEmpty = StateIndex.of(List.of(parsed("empty", "empty.tfstate")));

    assertThat(withEmpty.states()).containsExactly("empty");
    assertThat(withEmpty.resourcesPerState()).containsEntry("empty", 0);
  }
}
