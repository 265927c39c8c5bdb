#version 460
// sky.vert — a full-screen triangle at the far plane (reversed-Z: depth 0) for the background.
layout(location = 0) out vec2 outNdc;
void main() {
    vec2 p = vec2(float((gl_VertexIndex << 1) & 2), float(gl_VertexIndex & 2));
    outNdc = p * 2.0 - 1.0;
    gl_Position = vec4(outNdc, 0.0, 1.0);
}
