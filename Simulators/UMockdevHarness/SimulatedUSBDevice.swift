import FingerprintModuleSim
import Synchronization
import USBDeviceSim

/// The state of one simulated USB device, shared by umockdev's worker thread (ioctls) and the test.
final class SimulatedUSBDevice: Sendable {
    let state: Mutex<UsbfsDeviceState>

    init(presentation: USBPresentation, module: SimulatedZFMModule, deviceNumber: Int) {
        state = Mutex(
            UsbfsDeviceState(
                function: SimulatedUSBFunction(presentation: presentation, module: module),
                deviceNumber: deviceNumber))
    }
}
