import Testing

/// Tier 3: the simulated module as a real USB device (`module-gadget`, FunctionFS on dummy_hcd) under
/// the VM's real kernel: usbfs and URBs through libusb, the kernel's ch341 and cp210x drivers, real
/// termios on /dev/ttyUSB0, hotplug through udev. One gadget at a time: the suites share its name and UDC.
@Suite("tier 3: the module as a real USB gadget", .serialized, .enabled(if: KernelTier.insideVM))
struct GadgetTier3Tests {}
