/**
 * TFDrift's one JSON layer: {@link io.tfdrift.core.json.JsonTrees} reads JSON into the immutable
 * trees the API describes (document order kept, {@code null} members omitted, allocation-light on
 * the decode path) and writes trees back with full escaping; {@link
 * io.tfdrift.core.json.DriftEventJson} is the public JSON form of {@link
 * io.tfdrift.api.DriftEvent}.
 */
package io.tfdrift.core.json;
