import Biometrics

/// A face camera whose captures keep a presence tracker current: a frame (usable or not) means the
/// camera is there, a device fault that it is not. The camera driver reopens itself on the next
/// capture, so the tracker follows it coming back too.
struct PresenceTrackingFaceCamera: FaceCamera {
    let camera: any FaceCamera
    let presence: DevicePresenceTracker
    /// What `presence` names while the camera streams, e.g. "UVC camera /dev/video0 (GREY 640×480)".
    let detail: String

    var algorithm: AlgorithmID { camera.algorithm }

    func captureFace() async throws(FaceCameraError) -> FaceCapture {
        do {
            let capture = try await camera.captureFace()
            presence.markPresent(detail)
            return capture
        } catch {
            switch error {
            case .deviceFault(let why): presence.markAbsent(why)
            }
            throw error
        }
    }
}
