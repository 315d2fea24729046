import Testing
import UMockdevHarness

/// Every test that needs libumockdev-preload: one serialized parent, because UMOCKDEV_DIR is process-wide.
@Suite(
    "umockdev tier 2 (real libusb)", .serialized,
    .enabled(if: UMockdevEnvironment.isPreloaded, Comment(rawValue: UMockdevEnvironment.skipReason)))
struct UMockdevTier2Tests {}
