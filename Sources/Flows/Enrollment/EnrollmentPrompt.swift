import Biometrics

/// One step shown on the terminal's screen during an enrollment.
public enum EnrollmentPrompt: Sendable, Hashable, CustomStringConvertible {
    /// Put the finger on the sensor (first press, or first press after starting over).
    case placeFinger(press: Int, of: Int)
    /// Take the finger off the sensor.
    case liftFinger
    /// Press the same finger again.
    case pressAgain(press: Int, of: Int)
    /// The press's image is coming over from the sensor (over a slow UART it takes seconds);
    /// `percent` nil when the reader does not know the image's size.
    case readingImage(press: Int, of: Int, percent: Int?)
    /// The last press gave no usable sample.
    case retry(FingerRetryHint)
    /// The presses were not of the same finger; the presses start over.
    case pressesDidNotMatch
    /// Look at the camera.
    case lookAtCamera
    /// The last frame did not pass the quality gates.
    case faceHint(FaceRetryHint)
    /// Capture is done; the template is being checked and stored.
    case processing
    /// The template is stored in this slot.
    case enrolled(SlotID)
    /// The enrollment failed.
    case failed(EnrollmentFailure)
    /// The enrollment was cancelled by the cloud (`push_exit_page`).
    case cancelled

    /// Short English text.
    public var english: String {
        switch self {
        case .placeFinger(let k, let n): "Place your finger on the sensor (\(k)/\(n))"
        case .liftFinger: "Lift your finger"
        case .readingImage(let k, let n, let percent):
            "Reading the fingerprint image from the sensor (\(k)/\(n))" + (percent.map { " \($0)%" } ?? "")
        case .pressAgain(let k, let n): "Press the same finger again (\(k)/\(n))"
        case .retry(.noFinger): "No finger detected, press again"
        case .retry(.tooMessy): "Image unclear, clean the finger and press again"
        case .retry(.tooFewFeatures): "Too few features, press flatter and again"
        case .retry(.captureFailed): "Capture failed, press again"
        case .pressesDidNotMatch: "Presses did not match, start again with one finger"
        case .lookAtCamera: "Look at the camera"
        case .faceHint(.noFace): "No face detected, look at the camera"
        case .faceHint(.multipleFaces): "Only one person in front of the camera"
        case .faceHint(.moveCloser): "Move closer"
        case .faceHint(.tooDark): "Too dark"
        case .faceHint(.tooBright): "Too bright"
        case .faceHint(.blurred): "Hold still"
        case .faceHint(.lookAtCamera): "Face the camera directly"
        case .processing: "Processing"
        case .enrolled(let slot): "Enrolled (slot \(slot.index))"
        case .failed(let f): "Enrollment failed: \(f)"
        case .cancelled: "Enrollment cancelled"
        }
    }

    /// Short Chinese text for the terminal's screen.
    public var chinese: String {
        switch self {
        case .placeFinger(let k, let n): "请按手指(\(k)/\(n))"
        case .liftFinger: "请抬起手指"
        case .readingImage(let k, let n, let percent):
            "正在读取指纹图像(\(k)/\(n))" + (percent.map { " \($0)%" } ?? "")
        case .pressAgain(let k, let n): "请再按同一手指(\(k)/\(n))"
        case .retry(.noFinger): "未检测到手指，请重按"
        case .retry(.tooMessy): "图像不清晰，请擦净手指重按"
        case .retry(.tooFewFeatures): "特征点太少，请平按重试"
        case .retry(.captureFailed): "采集失败，请重按"
        case .pressesDidNotMatch: "手指不一致，请用同一手指重新录入"
        case .lookAtCamera: "请正视摄像头"
        case .faceHint(.noFace): "未检测到人脸，请正视摄像头"
        case .faceHint(.multipleFaces): "请保持一人在镜头前"
        case .faceHint(.moveCloser): "请靠近一些"
        case .faceHint(.tooDark): "光线太暗"
        case .faceHint(.tooBright): "光线太亮"
        case .faceHint(.blurred): "请保持不动"
        case .faceHint(.lookAtCamera): "请正对摄像头"
        case .processing: "处理中"
        case .enrolled(let slot): "录入成功(\(slot.index)号)"
        case .failed(let f): "录入失败：\(f.errmsg)"
        case .cancelled: "录入已取消"
        }
    }

    public var description: String { english }
}

/// A prompt together with the operation it belongs to, as the runner publishes it.
public struct EnrollmentPromptEvent: Sendable, Hashable {
    /// `oper_id` of a cloud operation; nil for a local one.
    public let operID: String?
    public let userid: UserID
    public let modality: Modality
    public let prompt: EnrollmentPrompt
    /// Time since the request was received.
    public let elapsed: Duration

    public init(operID: String?, userid: UserID, modality: Modality, prompt: EnrollmentPrompt, elapsed: Duration) {
        self.operID = operID
        self.userid = userid
        self.modality = modality
        self.prompt = prompt
        self.elapsed = elapsed
    }
}
