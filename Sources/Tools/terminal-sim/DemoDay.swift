import CameraSim
import FingerprintModuleSim
import Foundation
import WeComCloudSim

/// The demo's day in miniature, after the enrollments: the member passes the fingerprint reader and the
/// camera with a print and a photo that were not used to enroll, strangers are refused, and the cloud
/// lists the passages it received.
struct DemoDay {
    /// The daemon's `recognition.repeat_s` in the demo: the member's face comes after this.
    static let repeatSeconds = 5
    let cloud: CloudSimulator
    let module: SimulatedZFMModule
    let scene: DemoScene?
    let member: String
    let sn: String
    let narrator: Narrator
    /// The member's finger at the door, and a stranger's.
    let memberFinger: SimulatedFinger
    let strangerFinger: SimulatedFinger
    /// The member's face at the door (other photos than the enrollment's, shown in turn: the person moves),
    /// and a stranger's.
    let memberFaces: [CameraImage]
    let strangerFace: CameraImage?

    /// True when the member's passages (fingerprint, and face when there is a camera) reached the cloud.
    func run() async throws -> Bool {
        narrator.say("day", "the working day begins: the terminal recognises whoever comes, nobody enrolls")
        // The first person comes a moment later: a finger on the sensor right as an enrollment ends is taken
        // for the enrolled person's, still there (no passage until it is lifted).
        try await Task.sleep(for: .seconds(2))
        var passed = try await touch(memberFinger, who: "\(member) (another impression of the enrolled finger)")
        passed = try await waitForPassage(of: member, method: 4, what: "\(member)'s fingerprint passage") && passed
        _ = try await touch(strangerFinger, who: "a visitor nobody enrolled")
        try await Task.sleep(for: .seconds(2))
        if let scene, !memberFaces.isEmpty, let strangerFace {
            // Past the repeat window since the fingerprint passage: a new passage, not a repeat.
            try await Task.sleep(for: .seconds(Int64(Self.repeatSeconds)))
            narrator.say(
                "person", "\(member) walks up to the camera (\(memberFaces.count) photos that were not used to enroll)")
            let moving = Task {
                for face in Array(repeating: memberFaces, count: 10).joined() {
                    scene.show(face)
                    try await Task.sleep(for: .seconds(3))
                }
            }
            passed = try await waitForPassage(of: member, method: 1, what: "\(member)'s face passage") && passed
            moving.cancel()
            scene.show(nil)
            try await Task.sleep(for: .seconds(2))
            narrator.say("person", "a stranger looks at the camera")
            scene.show(strangerFace)
            try await Task.sleep(for: .seconds(4))
            scene.show(nil)
        }
        let passages = await cloud.passages().filter { $0.sn == sn }
        narrator.say("cloud", "the cloud received \(passages.count) passage(s) by checkin:")
        for passage in passages {
            let method =
                passage.passMethod == 4
                ? "fingerprint" : passage.passMethod == 1 ? "face" : "method \(passage.passMethod ?? 0)"
            let time = Date(timeIntervalSince1970: TimeInterval(passage.timestamp))
            narrator.say("cloud", "  #\(passage.index) \(passage.userid) by \(method) at \(time.formatted(.iso8601))")
        }
        if passages.contains(where: { $0.userid != member }) {
            narrator.say("result", "NOT EXPECTED: a passage of someone other than \(member)")
            return false
        }
        return passed
    }

    /// Places `finger` for 1.5 s, then lifts it.
    private func touch(_ finger: SimulatedFinger, who: String) async throws -> Bool {
        narrator.say("person", "\(who) touches the fingerprint sensor")
        module.place(finger)
        try await Task.sleep(for: .milliseconds(1500))
        module.lift()
        try await Task.sleep(for: .milliseconds(700))
        return true
    }

    private func waitForPassage(of userid: String, method: Int, what: String) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if await cloud.passages().contains(where: { $0.sn == sn && $0.userid == userid && $0.passMethod == method })
            {
                narrator.say("result", "PASSED: the cloud has \(what)")
                return true
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        narrator.say("result", "NOT PASSED: the cloud has no \(what) after 30 s")
        return false
    }
}
