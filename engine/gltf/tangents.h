// Internal to engine/gltf: tangent generation for normal-mapped primitives that come without TANGENT, following
// what MikkTSpace computes (the glTF spec's recommendation): per triangle, tangent and bitangent directions from
// the UV derivatives, projected into each corner's tangent plane, normalized and weighted by the corner angle;
// accumulated over all vertices that share position + normal + uv (so split vertices at hard edges agree);
// Gram–Schmidt orthogonalized against the normal; w = +1 or -1 such that cross(normal, tangent) * w is the
// bitangent, which points towards -v (glTF's v runs down the image, a normal map's green channel up it).
// Triangles with degenerate UVs contribute nothing; a vertex left without a direction gets any unit vector
// perpendicular to its normal (w = +1). Pure function, any thread.
#pragma once

#include "core/math.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tv::gltf {

// `indices` is a triangle list (size a multiple of 3, every index < positions.size()); normals and uvs have
// positions.size() entries (uvs may be empty: then every tangent is the perpendicular fallback).
// Returns positions.size() tangents.
std::vector<vec4> generateTangents(std::span<const vec3> positions, std::span<const vec3> normals,
                                   std::span<const vec2> uvs, std::span<const uint32_t> indices);

// Any unit vector perpendicular to n (n need not be normalized; a zero n gives +X).
vec3 anyPerpendicular(const vec3& n);

} // namespace tv::gltf
