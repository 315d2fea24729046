import CameraSim
import Synchronization

/// What the demo's camera sees, changed as the story goes: nobody, then a member, then a stranger.
final class DemoScene: CameraFrameSource, Sendable {
    /// A plain wall: no face, so the recognition loop has nothing to look at.
    static let nobody = CameraImage.uniform(width: 640, height: 480, level: 128)
    private let shown = Mutex(DemoScene.nobody)

    func show(_ image: CameraImage?) {
        shown.withLock { $0 = image ?? Self.nobody }
    }

    func frame(at index: Int) -> CameraImage { shown.withLock { $0 } }
}
