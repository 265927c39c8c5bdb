// Asset — an imported glTF 2.0 file as plain, validated, renderer-agnostic data. Everything here has been
// bounds-checked by the importer: indices point inside their arrays, vertex streams have matching lengths.
// An Asset is immutable after import and shared (std::shared_ptr<const Asset>) by every scene-graph instance
// of it and by the renderer's GPU cache (keyed by Asset::id). Any thread may read it.
#pragma once

#include "core/math.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tv::scene {

// ---- Images, samplers, textures -------------------------------------------------------------------------------

struct Image {
    std::string name; // glTF image name or URI, for messages
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint8_t> rgba8; // decoded, width*height*4 bytes, row 0 = top of the image (glTF UV v=0)
};

enum class Filter : uint8_t { Nearest, Linear };
enum class Wrap : uint8_t { Repeat, MirroredRepeat, ClampToEdge };

struct Sampler {
    Filter magFilter = Filter::Linear;
    Filter minFilter = Filter::Linear;
    Filter mipFilter = Filter::Linear; // mipmap mode; glTF NEAREST/LINEAR min filters without mips map to useMips=false
    bool useMips = true;
    Wrap wrapS = Wrap::Repeat;
    Wrap wrapT = Wrap::Repeat;
};

struct Texture {
    int32_t image = -1; // index into Asset::images; -1 = no usable source (treated as absent)
    Sampler sampler;
};

// KHR_texture_transform, applied as uv' = offset + R(rotation) * (scale * uv) (the extension's matrix order).
struct TextureTransform {
    vec2 offset{0.0f};
    float rotation = 0.0f;
    vec2 scale{1.0f};
    bool present = false;
};

struct TextureRef {
    int32_t texture = -1;  // index into Asset::textures; -1 = none
    uint32_t texCoord = 0; // 0 or 1 (already takes KHR_texture_transform's texCoord override into account)
    float scale = 1.0f;    // normalTexture.scale or occlusionTexture.strength; 1 otherwise
    TextureTransform transform;
    bool valid() const { return texture >= 0; }
};

// ---- Materials ---------------------------------------------------------------------------------------------------

enum class AlphaMode : uint8_t { Opaque, Mask, Blend };

struct Material {
    std::string name;
    vec4 baseColorFactor{1.0f};
    float metallicFactor = 1.0f;
    float roughnessFactor = 1.0f;
    vec3 emissiveFactor{0.0f};
    float emissiveStrength = 1.0f;       // KHR_materials_emissive_strength
    float ior = 1.5f;                    // KHR_materials_ior (F0 = ((ior-1)/(ior+1))^2)
    TextureRef baseColorTexture;         // sRGB
    TextureRef metallicRoughnessTexture; // linear; G = roughness, B = metallic
    TextureRef normalTexture;            // linear; scale = normal scale
    TextureRef occlusionTexture;         // linear; R channel; scale = strength
    TextureRef emissiveTexture;          // sRGB
    AlphaMode alphaMode = AlphaMode::Opaque;
    float alphaCutoff = 0.5f;
    bool doubleSided = false;
    bool unlit = false;              // KHR_materials_unlit
    float transmissionFactor = 0.0f; // KHR_materials_transmission
    TextureRef transmissionTexture;  // KHR_materials_transmission (R channel)
};

// ---- Geometry ----------------------------------------------------------------------------------------------------

// The importer converts strips, fans and loops into plain lists, so the renderer only sees these three.
enum class Topology : uint8_t { Points, Lines, Triangles };

struct MorphTarget {
    std::vector<vec3> positions; // deltas; empty or vertexCount long
    std::vector<vec3> normals;
    std::vector<vec3> tangents;
};

// Vertex streams are de-interleaved and converted to float (normalized/quantized inputs are decoded on import).
// positions is always present; every other non-empty stream has positions.size() entries.
struct Primitive {
    Topology topology = Topology::Triangles;
    std::vector<vec3> positions;
    std::vector<vec3> normals;  // generated (flat) when absent for triangles; empty for points/lines without them
    std::vector<vec4> tangents; // xyz + handedness w; generated when a normal map is used and they are absent
    std::vector<vec2> texcoords0;
    std::vector<vec2> texcoords1;
    std::vector<vec4> colors0; // vec3 inputs get alpha 1
    std::vector<uvec4> joints0;
    std::vector<vec4> weights0;
    std::vector<uint32_t> indices; // always present after import (generated 0..n-1 when the file had none)
    std::vector<MorphTarget> targets;
    int32_t material = -1; // -1 = glTF default material
    Aabb bounds;           // of positions (rest pose, no morph)
};

struct Mesh {
    std::string name;
    std::vector<Primitive> primitives;
    std::vector<float> weights; // default morph weights (may be empty)
};

// ---- Cameras, lights ---------------------------------------------------------------------------------------------

struct Camera {
    std::string name;
    bool perspective = true;
    float yfov = 0.8f;              // radians (perspective)
    float aspectRatio = 0.0f;       // 0 = use the viewport's
    float xmag = 1.0f, ymag = 1.0f; // orthographic half extents
    float znear = 0.01f;
    float zfar = 0.0f; // 0 = infinite
};

enum class LightType : uint8_t { Directional, Point, Spot };

struct Light { // KHR_lights_punctual; points/spots at the node origin, directions along the node's -Z
    std::string name;
    LightType type = LightType::Point;
    vec3 color{1.0f};
    float intensity = 1.0f;
    float range = 0.0f; // 0 = infinite
    float innerConeAngle = 0.0f;
    float outerConeAngle = 0.7853981634f;
};

// ---- Skins, animation --------------------------------------------------------------------------------------------

struct Skin {
    std::string name;
    std::vector<int32_t> joints;           // asset node indices
    std::vector<mat4> inverseBindMatrices; // joints.size() entries (identity when the file gives none)
    int32_t skeleton = -1;
};

enum class Interpolation : uint8_t { Linear, Step, CubicSpline };
enum class AnimationPath : uint8_t { Translation, Rotation, Scale, Weights };

struct AnimationSampler {
    Interpolation interpolation = Interpolation::Linear;
    std::vector<float> times;  // strictly increasing seconds
    std::vector<float> values; // times.size() * components (x3 for CubicSpline: in-tangent, value, out-tangent)
    uint32_t components = 0;   // 3 (T/S), 4 (R, x,y,z,w), or the morph target count (weights)
};

struct AnimationChannel {
    int32_t node = -1; // asset node index
    AnimationPath path = AnimationPath::Translation;
    int32_t sampler = -1;
};

struct Animation {
    std::string name;
    std::vector<AnimationSampler> samplers;
    std::vector<AnimationChannel> channels;
    float duration = 0.0f; // max input time over samplers
};

// ---- Nodes, scenes -----------------------------------------------------------------------------------------------

struct Node {
    std::string name;
    int32_t parent = -1;
    std::vector<int32_t> children;
    Transform transform;    // decomposed TRS (from TRS or from the matrix when it decomposes)
    bool hasMatrix = false; // the file gave a matrix...
    mat4 matrix{1.0f};      // ...kept verbatim (it may not decompose: shear, negative scale)
    int32_t mesh = -1;
    int32_t camera = -1;
    int32_t light = -1;
    int32_t skin = -1;
    std::vector<float> weights;       // node-level morph weights override (may be empty)
    std::vector<Transform> instances; // EXT_mesh_gpu_instancing; empty = one instance (identity)

    mat4 localMatrix() const { return hasMatrix ? matrix : transform.matrix(); }
};

struct SceneDesc {
    std::string name;
    std::vector<int32_t> roots;
};

struct Asset {
    uint64_t id = 0;        // process-unique, assigned on import: the renderer's cache key
    std::string sourcePath; // for messages
    std::vector<Node> nodes;
    std::vector<SceneDesc> scenes;
    int32_t defaultScene = 0; // glTF "scene", or 0 when absent (and -1 when there are no scenes)
    std::vector<Mesh> meshes;
    std::vector<Material> materials;
    std::vector<Texture> textures;
    std::vector<Image> images;
    std::vector<Camera> cameras;
    std::vector<Light> lights;
    std::vector<Skin> skins;
    std::vector<Animation> animations;
    std::vector<std::string> extensionsUsed;
};

using AssetPtr = std::shared_ptr<const Asset>;

uint64_t nextAssetId(); // thread-safe, never 0

} // namespace tv::scene
