// XrInteraction: the per-frame interaction rules (see xr_interaction.h for the rules and their reasons).
#include "xr/input/xr_interaction.h"

#include <cmath>

namespace tv::xr {

void XrInteraction::setRig(const TrackingRig& rig) {
    m_rig = rig;
    // A squeeze held across the change must be let go before it grabs again: re-grabbing at once would drag the
    // new placement with a hand that meant to hold the old one.
    for (HandState& h : m_hands)
        if (h.squeeze.pressed) h.squeeze.blockUntilReleased();
    m_grabMask = 0;
}

void XrInteraction::resetScale() { m_rig.rescaleAbout(m_head, 1.0f); }

void XrInteraction::setMenuOpen(bool open) {
    m_menuOpen = open;
    if (!open) m_panelCapture = false;
}

void XrInteraction::cancelGestures() {
    // Inputs held now must be let go before they count again: they may have been meant for whoever had focus.
    for (HandState& h : m_hands) {
        h.trigger.blockUntilReleased();
        h.squeeze.blockUntilReleased();
        h.menu.blockUntilReleased();
        h.primary.blockUntilReleased();
        h.teleporting = false;
        h.stickBlocked = true;
        h.snapArmed = true;
    }
    m_grabMask = 0;
    m_panelCapture = false;
}

void XrInteraction::haptic(int hand, InteractionOutput& out) const {
    out.events.push_back(HapticEvent{hand, m_settings.hapticSeconds, m_settings.hapticAmplitude});
}

InteractionOutput XrInteraction::update(const XrInputState& state, float dt, const InteractionQueries& queries) {
    InteractionOutput out;
    for (HandState& h : m_hands) {
        h.trigger.pressAbove = h.squeeze.pressAbove = m_settings.pressAbove;
        h.trigger.releaseBelow = h.squeeze.releaseBelow = m_settings.releaseBelow;
    }
    if (!state.focused) {
        cancelGestures();
        out.panel.open = m_menuOpen; // still open, but nothing to point at it with until focus returns
        out.panel.size = m_settings.panel.size;
        out.panel.worldSize = m_settings.panel.size * m_rig.scale;
    } else {
        if (state.headTracked) m_head = state.head.position;
        for (int hand = 0; hand < kHandCount; ++hand) {
            const HandInput& in = state.hands[hand];
            HandState& h = m_hands[size_t(hand)];
            if (h.menu.update(in.menu)) {
                setMenuOpen(!m_menuOpen);
                out.events.push_back(MenuToggledEvent{m_menuOpen});
            }
            if (h.primary.update(in.primary)) {
                m_placing = !m_placing;
                out.events.push_back(PlacingChangedEvent{m_placing});
            }
            // An untracked hand cannot point or hold: its analogue inputs count as released.
            h.trigger.update(in.tracked ? in.trigger : 0.0f);
            h.squeeze.update(in.gripTracked ? in.squeeze : 0.0f);
        }
        updateGrab(state, out);
        for (int hand = 0; hand < kHandCount; ++hand) updateStick(hand, state, dt, queries, out);
        updatePanel(state, out);
        // Right first: with the menu open it may claim its trigger for the panel; order does not matter otherwise.
        updateLaser(kRightHand, state, queries, out);
        updateLaser(kLeftHand, state, queries, out);
    }
    out.rig = m_rig;
    out.placing = m_placing;
    return out;
}

void XrInteraction::updateGrab(const XrInputState& state, InteractionOutput& out) {
    int mask = 0;
    for (int hand = 0; hand < kHandCount; ++hand)
        if (m_hands[size_t(hand)].squeeze.pressed) mask |= 1 << hand;
    if (mask != m_grabMask) {
        // The set of grabbing hands changed: re-anchor every grabbing hand at the world point it holds now, so the
        // world does not jump when a second hand joins or one lets go.
        for (int hand = 0; hand < kHandCount; ++hand) {
            if (!(mask & (1 << hand))) continue;
            m_hands[size_t(hand)].anchor = m_rig.toWorld(state.hands[hand].grip.position);
            if (!(m_grabMask & (1 << hand))) haptic(hand, out);
        }
        m_grabMask = mask;
    }
    if (mask == 3) {
        const vec3 hands[2] = {state.hands[0].grip.position, state.hands[1].grip.position};
        const vec3 anchors[2] = {m_hands[0].anchor, m_hands[1].anchor};
        m_rig = twoHandRig(m_rig, hands, anchors);
    } else if (mask != 0) {
        const int hand = mask == 1 ? kLeftHand : kRightHand;
        m_rig = dragRig(m_rig, state.hands[hand].grip.position, m_hands[size_t(hand)].anchor);
    }
    out.grabbing = mask != 0;
    out.scaling = mask == 3;
    if (mask != 0) {
        for (HandState& h : m_hands) h.teleporting = false;
    }
}

void XrInteraction::updateStick(int hand, const XrInputState& state, float dt, const InteractionQueries& queries,
                                InteractionOutput& out) {
    HandState& h = m_hands[size_t(hand)];
    const HandInput& in = state.hands[hand];
    const vec2 stick = in.thumbstick;
    if (m_grabMask != 0) return;
    if (h.stickBlocked) {
        h.stickBlocked = std::fabs(stick.x) >= m_settings.releaseBelow || std::fabs(stick.y) >= m_settings.releaseBelow;
        if (h.stickBlocked) return;
    }
    if (!h.teleporting && stick.y > m_settings.pressAbove && in.tracked) h.teleporting = true;
    if (h.teleporting) {
        if (!in.tracked) {
            h.teleporting = false; // lost the hand mid-aim: no target to trust
            return;
        }
        TeleportArc arc = traceTeleportArc(in.aim, m_rig, queries.raycast, m_settings.arc);
        if (std::fabs(stick.y) < m_settings.releaseBelow) {
            h.teleporting = false;
            h.snapArmed = std::fabs(stick.x) < m_settings.releaseBelow; // the same gesture never also turns
            if (arc.valid) {
                const vec3 feet(m_head.x, 0.0f, m_head.z);
                const vec3 from = m_rig.toWorld(feet);
                m_rig = teleportRig(m_rig, m_head, arc.target);
                out.events.push_back(TeleportedEvent{from, arc.target});
            }
            return; // the arc disappears with the release
        }
        out.arcs[size_t(hand)] = std::move(arc);
        return;
    }
    const float x = stick.x;
    if (m_settings.turnMode == TurnMode::Snap) {
        if (h.snapArmed && std::fabs(x) > m_settings.pressAbove) {
            const float delta = x > 0.0f ? -m_settings.snapAngleRad : m_settings.snapAngleRad;
            m_rig.turnAbout(m_head, delta);
            h.snapArmed = false;
            out.events.push_back(TurnedEvent{delta});
        } else if (!h.snapArmed && std::fabs(x) < m_settings.releaseBelow) {
            h.snapArmed = true;
        }
    } else if (std::fabs(x) > m_settings.releaseBelow && dt > 0.0f) {
        const float deflection = (std::fabs(x) - m_settings.releaseBelow) / (1.0f - m_settings.releaseBelow);
        const float delta = -std::copysign(std::min(deflection, 1.0f), x) * m_settings.smoothTurnRadPerSecond * dt;
        m_rig.turnAbout(m_head, delta);
        out.events.push_back(TurnedEvent{delta});
    }
}

void XrInteraction::updatePanel(const XrInputState& state, InteractionOutput& out) const {
    PanelOutput& panel = out.panel;
    panel.open = m_menuOpen;
    panel.size = m_settings.panel.size;
    panel.worldSize = m_settings.panel.size * m_rig.scale;
    const HandInput& left = state.hands[kLeftHand];
    panel.visible = m_menuOpen && left.gripTracked;
    if (!panel.visible) return;
    panel.tracking = panelPose(left.grip, m_head, m_settings.panel);
    panel.world = m_rig.toWorld(panel.tracking);
}

void XrInteraction::updateLaser(int hand, const XrInputState& state, const InteractionQueries& queries,
                                InteractionOutput& out) {
    HandState& h = m_hands[size_t(hand)];
    const HandInput& in = state.hands[hand];
    Laser& laser = out.lasers[size_t(hand)];
    const bool right = hand == kRightHand;
    if (right && !h.trigger.pressed) m_panelCapture = false;
    if (!in.tracked || h.teleporting) return;
    laser.active = true;
    const interact::Ray local{in.aim.position, glm::normalize(in.aim.forward())};
    laser.ray = m_rig.rayToWorld(local);
    const float maxDistance = m_settings.laserMaxDistance * m_rig.scale;
    laser.end = laser.ray.at(maxDistance);

    if (right && out.panel.visible) {
        if (auto onPanel = intersectPanel(out.panel.tracking, out.panel.size, local)) {
            laser.onPanel = true;
            laser.end = m_rig.toWorld(onPanel->point);
            out.panelPointer.hit = true;
            out.panelPointer.uv = onPanel->uv;
            if (h.trigger.rose) {
                m_panelCapture = true;
                haptic(hand, out);
            }
        }
    }
    if (right) out.panelPointer.pressed = m_panelCapture && h.trigger.pressed;
    if (laser.onPanel) return;
    if (queries.raycast) {
        laser.hit = queries.raycast(laser.ray, maxDistance);
        if (laser.hit) laser.end = laser.hit->position;
    }
    if (!h.trigger.rose || (right && m_panelCapture)) return;
    if (laser.hit) {
        if (m_placing) {
            out.events.push_back(PlaceAnnotationEvent{hand, laser.hit->node, laser.hit->position, laser.hit->normal});
        } else {
            out.events.push_back(SelectEvent{hand, laser.hit->node, laser.hit->position});
        }
        haptic(hand, out);
    } else {
        out.events.push_back(DeselectEvent{hand});
    }
}

} // namespace tv::xr
