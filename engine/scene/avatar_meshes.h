// Avatar meshes — the shapes shared sessions draw for other users and for annotation pins: a head that shows
// which way it faces (a rounded shell with a dark visor on its -Z side, the direction a camera looks), a hand, a
// unit-length laser beam, the beam's hit dot and an annotation pin. Built once into one Asset that every avatar
// and pin node shares (the renderer uploads it once); per-user colours are MaterialOverrides on the nodes, so
// the materials here are neutral white.
//
// Geometry conventions (metres, +Y up, glTF): the head is centred on its node's origin and faces -Z; a hand is
// centred on its origin, its long axis along -Z; the beam runs along +Y from y = 0 to y = 1 (scale the node's Y by
// the beam length); the hit dot is a sphere around the origin; the pin's tip is at the origin and it points along
// +Y (rotate +Y onto the surface normal). Plain data, deterministic; any thread.
#pragma once

#include "scene/asset.h"

#include <cstdint>

namespace tv::scene {

struct AvatarMeshes {
    AssetPtr asset;      // holds every mesh below; immutable, shared
    int32_t head = -1;   // shell, tinted with the user's colour
    int32_t visor = -1;  // dark glass on the face side: its own mesh so the shell's tint leaves it dark
    int32_t hand = -1;   // a flattened ellipsoid (symmetric: both hands)
    int32_t beam = -1;   // thin cylinder, unit length along +Y
    int32_t hitDot = -1; // small sphere
    int32_t pin = -1;    // stem and ball, tip at the origin, along +Y
};

inline constexpr float kAvatarHeadRadius = 0.12f;  // half width of the head shell
inline constexpr float kAvatarBeamRadius = 0.004f; // thin enough to read as a line, thick enough not to alias away
inline constexpr float kAvatarHitDotRadius = 0.02f;
inline constexpr float kPinHeight = 0.25f;      // tip to the top of the ball
inline constexpr float kPinBallRadius = 0.045f; // the ball's centre is kPinHeight - kPinBallRadius above the tip
inline constexpr float kPinStemRadius = 0.008f;

// Builds the shared asset (a new Asset id per call: build once, share the result).
AvatarMeshes makeAvatarMeshes();

} // namespace tv::scene
