import Biometrics
import DeviceSetup
import Foundation
import TerminalDaemon
import TerminalStore
import TerminalTesting
import Testing
import WeComDevice

@Suite("Start-up check: the declared algorithms include what the readers produce")
struct DeclaredAlgorithmsTests {
    static func config(_ sections: String) throws -> DaemonConfig {
        try DaemonConfig.parse(
            Data(
                #"{"cloud": {"sn": "S", "secret_no": "k"}, "fingerprint": {"link": "unix:/tmp/fp.sock", \#(sections)}"#
                    .utf8))
    }

    @Test("the README's old example: ISO templates declared as the module's algorithm is refused, naming both")
    func isoDeclaredAsModule() throws {
        let config = try Self.config(#""templates": "iso"}, "algorithms": {"fingerprint": ["zfm-module-char-v1"]}"#)
        let error = try #require(throws: ConfigError.self) { try config.checkDeclaredAlgorithms(face: nil) }
        #expect(error.key == "algorithms.fingerprint")
        #expect(error.description.contains("iso19794-2-2005-minutiae-v1"))
        #expect(error.description.contains(#"["zfm-module-char-v1"]"#))
        #expect(!error.description.contains("\n"))
        #expect(
            error.description
                == #"config algorithms.fingerprint: expected the algorithm of fingerprint.templates "iso", iso19794-2-2005-minutiae-v1, among those declared (add it, or leave algorithms.fingerprint out to declare what fingerprint.templates makes), got ["zfm-module-char-v1"]"#
        )
    }

    @Test("module templates declared as ISO are refused too")
    func moduleDeclaredAsISO() throws {
        let config = try Self.config(
            #""templates": "module"}, "algorithms": {"fingerprint": ["iso19794-2-2005-minutiae-v1"]}"#)
        let error = try #require(throws: ConfigError.self) { try config.checkDeclaredAlgorithms(face: nil) }
        #expect(error.description.contains("zfm-module-char-v1"))
        #expect(error.description.contains("iso19794-2-2005-minutiae-v1"))
    }

    @Test("accepted: no algorithms key (it follows fingerprint.templates), a list that includes it, no sensor")
    func accepted() throws {
        try Self.config(#""templates": "iso"}"#).checkDeclaredAlgorithms(face: nil)
        try Self.config(
            #""templates": "iso"}, "algorithms": {"fingerprint": ["zfm-module-char-v1", "iso19794-2-2005-minutiae-v1"]}"#
        )
        .checkDeclaredAlgorithms(face: nil)
        var none = try Self.config(#""templates": "iso"}, "algorithms": {"fingerprint": ["zfm-module-char-v1"]}"#)
        none.fingerprint.link = .none
        try none.checkDeclaredAlgorithms(face: nil)
    }

    @Test(
        "a face list without the camera's algorithm (another key version) is refused, naming both; empty follows the camera"
    )
    func face() throws {
        let config = try Self.config(#""templates": "module"}, "algorithms": {"face": ["face-dlib128-rq48-k1"]}"#)
        let error = try #require(throws: ConfigError.self) {
            try config.checkDeclaredAlgorithms(face: AlgorithmID("face-dlib128-rq48-k2"))
        }
        #expect(error.key == "algorithms.face")
        #expect(error.description.contains("face-dlib128-rq48-k2"))
        #expect(error.description.contains(#"["face-dlib128-rq48-k1"]"#))
        try config.checkDeclaredAlgorithms(face: AlgorithmID("face-dlib128-rq48-k1"))
        try Self.config(#""templates": "module"}"#).checkDeclaredAlgorithms(face: AlgorithmID("face-dlib128-rq48-k2"))
    }

    @Test("the terminal refuses to be wired on such a config")
    func terminalRefuses() throws {
        let config = try Self.config(#""templates": "iso"}, "algorithms": {"fingerprint": ["zfm-module-char-v1"]}"#)
        #expect(throws: ConfigError.self) {
            _ = try Terminal(
                config: config, store: try TerminalStore.inMemory(), fingerprint: nil,
                transport: WSClientTransport(), reporter: SilentReporter())
        }
    }
}
