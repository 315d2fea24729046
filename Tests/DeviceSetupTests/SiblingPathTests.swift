import Foundation
import Testing

@testable import DeviceSetup

@Suite("paths beside the store")
struct SiblingPathTests {
    @Test func folders() {
        #expect(SiblingPath.directory(of: "/var/lib/attendanced/terminal.sqlite") == "/var/lib/attendanced")
        #expect(SiblingPath.directory(of: "terminal.sqlite") == ".")
        #expect(SiblingPath.directory(of: "a") == ".")
        #expect(SiblingPath.directory(of: "/a") == "/")
        #expect(SiblingPath.directory(of: "+/") == ".")
        #expect(SiblingPath.directory(of: "run/x.sqlite") == "run")
        #expect(SiblingPath.named("status.json", besides: "/a") == "/status.json")
        #expect(SiblingPath.named("status.json", besides: "a") == "./status.json")
    }

    /// fuzz-config's finding: a one-character store path without status_path trapped in Foundation.
    @Test func oneCharacterStorePathsParse() throws {
        for path in ["a", "+/", "/"] {
            let json = #"{"cloud": {"sn": "S", "secret_no": "k"}, "store": {"path": "\#(path)"}}"#
            let config = try DaemonConfig.parse(Data(json.utf8), source: "fuzz.json")
            #expect(config.statusPath.hasSuffix("status.json"), "\(path): \(config.statusPath)")
        }
    }
}
