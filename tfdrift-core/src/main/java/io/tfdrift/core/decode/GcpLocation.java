package io.tfdrift.core.decode;

import io.tfdrift.core.json.JsonTrees;
import java.util.List;
import java.util.Map;

/**
 * Derives the project, region and zone of a GCP audit entry from its monitored resource labels, its
 * resource name and its log name.
 */
final class GcpLocation {

  private GcpLocation() {}

  /**
   * The project id: {@code resource.labels.project_id}, else the segment after {@code projects/} in
   * the resource name, else in the log name. The placeholder {@code _} (Cloud Storage writes {@code
   * projects/_/buckets/...}) is not a project.
   */
  static String project(Map<String, Object> labels, String resourceName, String logName) {
    String project = JsonTrees.text(labels.get("project_id"));
    if (!project.isEmpty()) {
      return project;
    }
    project = segmentAfter(resourceName, "projects");
    if (!project.isEmpty() && !project.equals("_")) {
      return project;
    }
    return segmentAfter(logName, "projects");
  }

  /**
   * The zone, if the entry names one: {@code resource.labels.zone}, a zone-shaped {@code location}
   * label, {@code /zones/} in the resource name, or a zone-shaped {@code /locations/}.
   */
  static String zone(Map<String, Object> labels, String resourceName) {
    String zone = JsonTrees.text(labels.get("zone"));
    if (!zone.isEmpty()) {
      return zone;
    }
    String location = JsonTrees.text(labels.get("location"));
    if (isZone(location)) {
      return location;
    }
    zone = segmentAfter(resourceName, "zones");
    if (!zone.isEmpty()) {
      return zone;
    }
    location = segmentAfter(resourceName, "locations");
    return isZone(location) ? location : "";
  }

  /**
   * The region: {@code resource.labels.region}, the zone's region, the {@code location} label,
   * {@code /regions/} or {@code /locations/} in the resource name, else the first of {@code
   * protoPayload.resourceLocation.currentLocations}. Locations that are not zones ({@code global},
   * {@code us}, {@code europe-west1}) are kept as they are.
   */
  static String region(
      Map<String, Object> labels, String resourceName, String zone, Object currentLocations) {
    String region = JsonTrees.text(labels.get("region"));
    if (!region.isEmpty()) {
      return region;
    }
    if (!zone.isEmpty()) {
      return regionOf(zone);
    }
    region = JsonTrees.text(labels.get("location"));
    if (!region.isEmpty()) {
      return region;
    }
    region = segmentAfter(resourceName, "regions");
    if (!region.isEmpty()) {
      return region;
    }
    region = segmentAfter(resourceName, "locations");
    if (!region.isEmpty()) {
      return region;
    }
    if (currentLocations instanceof List<?> list && !list.isEmpty()) {
      return regionOf(JsonTrees.text(list.get(0)));
    }
    return "";
  }

  /** {@code us-central1-a} → {@code us-central1}; anything not zone-shaped is returned as is. */
  static String regionOf(String location) {
    return isZone(location) ? location.substring(0, location.lastIndexOf('-')) : location;
  }

  /** A zone is {@code <area>-<region><n>-<letter>}: at least two dashes, one letter at the end. */
  static boolean isZone(String location) {
    int last = location.lastIndexOf('-');
    return last > 0
        && last == location.length() - 2
        && location.lastIndexOf('-', last - 1) > 0
        && Character.isLowerCase(location.charAt(last + 1));
  }

  /**
   * The path segment after {@code collection/} at the start of {@code name} or after a {@code /}.
   *
   * @return the segment, or {@code ""}
   */
  static String segmentAfter(String name, String collection) {
    int from = 0;
    while (true) {
      int at = name.indexOf(collection, from);
      if (at < 0) {
        return "";
      }
      int after = at + collection.length();
      if ((at == 0 || name.charAt(at - 1) == '/')
          && after < name.length()
          && name.charAt(after) == '/') {
        int end = name.indexOf('/', after + 1);
        return end < 0 ? name.substring(after + 1) : name.substring(after + 1, end);
      }
      from = after;
    }
  }
}
