import Testing

/// Tier 3, camera: our V4L2 layer, `UVCCameraDriver` and `attendctl camera` against the kernel's own
/// vivid driver in the VM: real VIDIOC_* semantics, real mmap buffers, a real unbind and module reload.
/// One suite after another (a reload in one would pull the device from under another).
@Suite(
    "vivid: the camera stack on a real V4L2 driver", .serialized,
    .enabled(if: KernelTier.insideVM, KernelTier.skipReason))
struct VividTests {}
