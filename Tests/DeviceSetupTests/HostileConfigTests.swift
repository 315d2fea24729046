import Foundation
import Testing

@testable import DeviceSetup

/// Config files written to mislead: a key given twice (the JSON decoder would keep one value without a
/// word), a NUL inside a path (the C calls would see only the part before it), a file that never ends.
@Suite("config files crafted to mislead")
struct HostileConfigTests {
    private func error(_ json: String) -> ConfigError? {
        configError { _ = try DaemonConfig.parse(Data(json.utf8), source: "hostile.json") }
    }

    @Test("a key given twice is an error naming the key and both lines, not a silent winner")
    func duplicateKey() {
        let json = """
            {
              "cloud": {"sn": "S", "secret_no": "k"},
              "store": {
                "path": "/var/lib/attendanced/terminal.sqlite",
                "path": "/tmp/elsewhere.sqlite"
              }
            }
            """
        #expect(
            error(json)
                == ConfigError(
                    key: "path", expected: "each key once in its object",
                    got: "it twice: on line 4 and on line 5 of hostile.json"))
        #expect(error(json)?.description.contains("line 4 and on line 5") == true)
    }

    @Test("duplicates are found at the top level, after escapes, and on one line")
    func duplicateForms() {
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "cloud": {"sn": "T", "secret_no": "k"}}"#)?.key
                == "cloud")
        // "s\u006e" is "sn" once decoded: the decoder sees the same key twice.
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k", "s\u006e": "T"}}"#)
                == ConfigError(
                    key: "sn", expected: "each key once in its object",
                    got: "it twice: on line 1 and on line 1 of hostile.json"))
        // A string value that looks like a key, a key inside an array's object, and the same key in two
        // different objects are all fine.
        #expect(
            error(
                #"""
                {"cloud": {"sn": "sn", "secret_no": "k, \"sn\": x", "firmware_version": "1"},
                 "store": {"path": "/tmp/a.sqlite"}, "face": {"models": "/m", "key": "/k"},
                 "algorithms": {"face": ["path", "path2"]}}
                """#) == nil)
    }

    @Test("an escaped quote or backslash inside a key does not end the key early")
    func escapedQuotes() {
        #expect(
            error(#"{"a\"b": 1, "a\\": 2, "a\"b": 3}"#)
                == ConfigError(
                    key: #"a"b"#, expected: "each key once in its object",
                    got: "it twice: on line 1 and on line 1 of hostile.json"))
        #expect(error("{\"x\": [{\"k\": 1,\n \"k\": 2}]}")?.got == "it twice: on line 1 and on line 2 of hostile.json")
    }

    @Test("a NUL inside a path or any other string is an error, never a truncated path")
    func embeddedNUL() {
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "store": {"path": "/var/lib/x\u0000/../../tmp/evil"}}"#)
                == ConfigError(
                    key: "store.path", expected: "text without NUL characters",
                    got: "a NUL (\\u0000) at character 11 of 26"))
        #expect(error(#"{"cloud": {"sn": "S\u0000", "secret_no": "k"}}"#)?.key == "cloud.sn")
        #expect(error(#"{"cloud": {"sn": "S", "secret_file": "/etc/secret\u0000x"}}"#)?.key == "cloud.secret_file")
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "algorithms": {"face": ["a\u0000"]}}"#)?.key
                == "algorithms.face[0]")
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}, "fingerprint": {"link": "tty:/dev/ttyUSB0\u0000"}}"#)?
                .key == "fingerprint.link")
    }

    @Test("an unknown key holding control characters is named with them written out")
    func controlCharactersInKeys() {
        let found = error(#"{"cloud": {"sn": "S", "secret_no": "k", "s\u0000n\u001b[2J": 1}}"#)
        #expect(found?.key == #"cloud.s\u{0}n\u{1b}[2J"#)
        #expect(found?.got == "an unknown key")
    }

    @Test("a config larger than the budget is refused before it is parsed; /dev/zero is not read forever")
    func oversized() throws {
        let padding = String(repeating: " ", count: ConfigReader.limits.maxBytes)
        #expect(
            error(#"{"cloud": {"sn": "S", "secret_no": "k"}}"# + padding)
                == ConfigError(
                    key: "(file hostile.json)",
                    expected: "a config file of at most \(ConfigReader.limits.maxBytes) bytes",
                    got: "more"))
        #expect(
            configError { _ = try DaemonConfig.load(path: "/dev/zero") }?.expected
                == "a config file of at most \(ConfigReader.limits.maxBytes) bytes")
    }
}
