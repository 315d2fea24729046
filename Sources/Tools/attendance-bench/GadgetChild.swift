import Foundation
import TerminalTesting

/// `module-gadget` as a child of the benchmark: started with a finger on the sensor, stopped with SIGTERM.
struct GadgetChild: Sendable {
    private let process: SpawnedProcess

    var output: String { process.output }

    /// Starts `executable` as `presentation` and returns once it serves (it prints "serving …").
    static func start(_ executable: String, presentation: String, finger: String) async throws -> GadgetChild {
        let child = GadgetChild(
            process: try SpawnedProcess(executable, ["--presentation", presentation, "--finger", finger]))
        let serving = await eventuallyHolds(upTo: 750, every: .milliseconds(20)) {
            child.output.contains("serving ") || !child.process.isRunning
        }
        guard serving, child.output.contains("serving ") else {
            await child.stop()
            throw BenchError("module-gadget did not start serving: \(child.output)")
        }
        return child
    }

    /// SIGTERM (the gadget unbinds and removes itself), then waits for the exit; SIGKILL after 10 s.
    func stop() async {
        guard process.isRunning else { return }
        kill(process.pid, SIGTERM)
        _ = try? await process.waitForExit(orKillAfter: .seconds(10))
    }
}
