/// Where the Python face_recognition anchor lives: the venv's interpreter and `face_anchor.py`.
public struct FaceAnchorLocation: Sendable, Hashable {
    /// The Python interpreter of the anchor's venv.
    public var python: String
    /// The `face_anchor.py` script.
    public var script: String

    /// Uses the given paths.
    public init(python: String, script: String) {
        self.python = python
        self.script = script
    }

    /// `/tmp/face-anchor/bin/python` and `SHARED/bench/face_anchor.py` (the setup in the script's header).
    public static func standard(sharedFolder: String) -> FaceAnchorLocation {
        FaceAnchorLocation(python: "/tmp/face-anchor/bin/python", script: sharedFolder + "/bench/face_anchor.py")
    }
}
