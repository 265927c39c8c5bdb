// The simulated runtime captures quad layers: each quad layer of a captured frame becomes frame-N-quad<i>.png
// holding its sub-image rectangle (offset and size), alpha kept, listed in the report. Label gpu (lavapipe +
// validation).
#include "xr_test_client.h"

#include "image/png_io.h"

#include <cstring>

namespace tv::xrsim::test {
namespace {

constexpr uint32_t kQuadWidth = 48, kQuadHeight = 32;

// A pixel of the quad image: its coordinates in red/green so a capture shows which rectangle it copied.
std::array<uint8_t, 4> patternAt(uint32_t x, uint32_t y) { return {uint8_t(x), uint8_t(y), 200, 100}; }

// A single-layer colour swapchain for the quad, filled once with patternAt() through a staging buffer.
struct QuadSwapchain {
    XrSwapchain swapchain = XR_NULL_HANDLE;
    std::vector<VkImage> images;
};

uint32_t hostVisibleMemoryType(const XrTestClient& client, uint32_t typeBits) {
    VkPhysicalDeviceMemoryProperties props{};
    vkGetPhysicalDeviceMemoryProperties(client.physicalDevice, &props);
    const VkMemoryPropertyFlags wanted = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    for (uint32_t i = 0; i < props.memoryTypeCount; ++i)
        if ((typeBits & (1u << i)) && (props.memoryTypes[i].propertyFlags & wanted) == wanted) return i;
    return UINT32_MAX;
}

void createQuadSwapchain(XrTestClient& client, QuadSwapchain& quad) {
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT;
    info.format = VK_FORMAT_R8G8B8A8_UNORM;
    info.sampleCount = 1;
    info.width = kQuadWidth;
    info.height = kQuadHeight;
    info.faceCount = 1;
    info.arraySize = 1;
    info.mipCount = 1;
    ASSERT_EQ(xrCreateSwapchain(client.session, &info, &quad.swapchain), XR_SUCCESS);
    uint32_t count = 0;
    ASSERT_EQ(xrEnumerateSwapchainImages(quad.swapchain, 0, &count, nullptr), XR_SUCCESS);
    std::vector<XrSwapchainImageVulkan2KHR> images(count, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    ASSERT_EQ(xrEnumerateSwapchainImages(quad.swapchain, count, &count,
                                         reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())),
              XR_SUCCESS);
    for (const auto& image : images) quad.images.push_back(image.image);
}

// Copies patternAt() into `image` (COLOR_ATTACHMENT_OPTIMAL before and after, as OpenXR requires).
void fillPattern(XrTestClient& client, VkImage image) {
    const VkDeviceSize size = VkDeviceSize(kQuadWidth) * kQuadHeight * 4;
    VkBufferCreateInfo bufferInfo{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    bufferInfo.size = size;
    bufferInfo.usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
    VkBuffer buffer = VK_NULL_HANDLE;
    ASSERT_EQ(vkCreateBuffer(client.device, &bufferInfo, nullptr, &buffer), VK_SUCCESS);
    VkMemoryRequirements req{};
    vkGetBufferMemoryRequirements(client.device, buffer, &req);
    VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = hostVisibleMemoryType(client, req.memoryTypeBits);
    ASSERT_NE(alloc.memoryTypeIndex, UINT32_MAX);
    VkDeviceMemory memory = VK_NULL_HANDLE;
    ASSERT_EQ(vkAllocateMemory(client.device, &alloc, nullptr, &memory), VK_SUCCESS);
    ASSERT_EQ(vkBindBufferMemory(client.device, buffer, memory, 0), VK_SUCCESS);
    void* mapped = nullptr;
    ASSERT_EQ(vkMapMemory(client.device, memory, 0, size, 0, &mapped), VK_SUCCESS);
    auto* bytes = static_cast<uint8_t*>(mapped);
    for (uint32_t y = 0; y < kQuadHeight; ++y)
        for (uint32_t x = 0; x < kQuadWidth; ++x)
            std::memcpy(bytes + (size_t(y) * kQuadWidth + x) * 4, patternAt(x, y).data(), 4);
    vkUnmapMemory(client.device, memory);

    VkCommandBufferAllocateInfo cmdAlloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    cmdAlloc.commandPool = client.commandPool;
    cmdAlloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    cmdAlloc.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    ASSERT_EQ(vkAllocateCommandBuffers(client.device, &cmdAlloc, &cmd), VK_SUCCESS);
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(cmd, &begin);
    VkImageMemoryBarrier barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
    barrier.srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    barrier.oldLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    barrier.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    barrier.srcQueueFamilyIndex = barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = image;
    barrier.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0,
                         nullptr, 0, nullptr, 1, &barrier);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {kQuadWidth, kQuadHeight, 1};
    vkCmdCopyBufferToImage(cmd, buffer, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    barrier.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    barrier.newLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0, 0,
                         nullptr, 0, nullptr, 1, &barrier);
    vkEndCommandBuffer(cmd);
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    ASSERT_EQ(vkQueueSubmit(client.queue, 1, &submit, VK_NULL_HANDLE), VK_SUCCESS);
    ASSERT_EQ(vkQueueWaitIdle(client.queue), VK_SUCCESS);
    vkFreeCommandBuffers(client.device, client.commandPool, 1, &cmd);
    vkDestroyBuffer(client.device, buffer, nullptr);
    vkFreeMemory(client.device, memory, nullptr);
}

XrCompositionLayerQuad quadLayer(const XrTestClient& client, XrSwapchain swapchain, XrRect2Di rect, float x) {
    XrCompositionLayerQuad quad{XR_TYPE_COMPOSITION_LAYER_QUAD};
    quad.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT;
    quad.space = client.stage;
    quad.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
    quad.subImage.swapchain = swapchain;
    quad.subImage.imageRect = rect;
    quad.pose = {{0, 0, 0, 1}, {x, 1.5f, -1.0f}};
    quad.size = {0.3f, 0.2f};
    return quad;
}

// One frame that submits only quad layers (no projection layer): a menu over passthrough does exactly that.
void quadOnlyFrame(XrTestClient& client, QuadSwapchain& quad, const std::vector<XrRect2Di>& rects) {
    client.pollEvents();
    XrFrameState frameState{XR_TYPE_FRAME_STATE};
    ASSERT_EQ(xrWaitFrame(client.session, nullptr, &frameState), XR_SUCCESS);
    ASSERT_TRUE(frameState.shouldRender);
    ASSERT_EQ(xrBeginFrame(client.session, nullptr), XR_SUCCESS);
    uint32_t index = 0;
    ASSERT_EQ(xrAcquireSwapchainImage(quad.swapchain, nullptr, &index), XR_SUCCESS);
    XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    wait.timeout = XR_INFINITE_DURATION;
    ASSERT_EQ(xrWaitSwapchainImage(quad.swapchain, &wait), XR_SUCCESS);
    ASSERT_NO_FATAL_FAILURE(fillPattern(client, quad.images[index]));
    ASSERT_EQ(xrReleaseSwapchainImage(quad.swapchain, nullptr), XR_SUCCESS);
    std::vector<XrCompositionLayerQuad> quads;
    for (size_t i = 0; i < rects.size(); ++i)
        quads.push_back(quadLayer(client, quad.swapchain, rects[i], 0.4f * float(i)));
    std::vector<const XrCompositionLayerBaseHeader*> layers;
    for (const auto& q : quads) layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(&q));
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = frameState.predictedDisplayTime;
    end.environmentBlendMode = client.blendMode;
    end.layerCount = uint32_t(layers.size());
    end.layers = layers.data();
    ASSERT_EQ(xrEndFrame(client.session, &end), XR_SUCCESS);
}

TEST(XrSimRuntime, QuadLayersAreCapturedWithTheirSubImageRectangle) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 16, "height": 16, "capture": {"dir": ")" + (dir / "captures").string() +
                                 R"(", "frames": [2, 3]}})");
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    QuadSwapchain quad;
    ASSERT_NO_FATAL_FAILURE(createQuadSwapchain(client, quad));
    // Frames 0 and 1 bring the session to FOCUSED; frame 2 has two quads only, frame 3 a projection layer only.
    ASSERT_NO_FATAL_FAILURE(client.frame());
    ASSERT_NO_FATAL_FAILURE(client.frame());
    const XrRect2Di whole{{0, 0}, {int32_t(kQuadWidth), int32_t(kQuadHeight)}};
    const XrRect2Di part{{8, 4}, {24, 16}};
    ASSERT_NO_FATAL_FAILURE(quadOnlyFrame(client, quad, {whole, part}));
    ASSERT_NO_FATAL_FAILURE(client.frame());
    client.shutdown();
    EXPECT_EQ(client.validationMessages, 0);

    const auto quad0 = image::readPng(dir / "captures/frame-000002-quad0.png");
    const auto quad1 = image::readPng(dir / "captures/frame-000002-quad1.png");
    ASSERT_TRUE(quad0.hasValue()) << quad0.error().message;
    ASSERT_TRUE(quad1.hasValue()) << quad1.error().message;
    EXPECT_EQ(quad0->width, kQuadWidth);
    EXPECT_EQ(quad0->height, kQuadHeight);
    EXPECT_EQ(quad1->width, 24u);
    EXPECT_EQ(quad1->height, 16u);
    const auto pixel = [](const image::Rgba8Image& image, uint32_t x, uint32_t y) {
        const uint8_t* p = image.at(x, y);
        return std::array<uint8_t, 4>{p[0], p[1], p[2], p[3]};
    };
    EXPECT_EQ(pixel(*quad0, 0, 0), patternAt(0, 0));
    EXPECT_EQ(pixel(*quad0, 47, 31), patternAt(47, 31));
    // The second quad shows the rectangle at (8, 4): its first pixel is the image's (8, 4); alpha stays 100.
    EXPECT_EQ(pixel(*quad1, 0, 0), patternAt(8, 4));
    EXPECT_EQ(pixel(*quad1, 23, 15), patternAt(31, 19));
    // A quad-only frame has no eye images; the projection-only frame has no quad images.
    EXPECT_FALSE(std::filesystem::exists(dir / "captures/frame-000002-left.png"));
    EXPECT_TRUE(std::filesystem::exists(dir / "captures/frame-000003-left.png"));
    EXPECT_FALSE(std::filesystem::exists(dir / "captures/frame-000003-quad0.png"));

    const auto report = readReport(dir);
    ASSERT_FALSE(report.is_null());
    EXPECT_EQ(report["violationsTotal"].get<int>(), 0) << report.dump();
    std::vector<std::string> captures = report["captures"].get<std::vector<std::string>>();
    ASSERT_EQ(captures.size(), 4u) << report.dump();
    EXPECT_EQ(captures[0], (dir / "captures/frame-000002-quad0.png").string());
    EXPECT_EQ(captures[1], (dir / "captures/frame-000002-quad1.png").string());
}

} // namespace
} // namespace tv::xrsim::test
