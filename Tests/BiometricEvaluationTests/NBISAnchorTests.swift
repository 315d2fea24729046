import Foundation
import Testing

@testable import BiometricEvaluation

@Suite("NBIS anchor output and subprocess")
struct NBISAnchorTests {
    @Test func parsesARealOutput() throws {
        let result = try NBISAnchorResult(anchorOutput: Data(NBISAnchorFixture.fvc2004.utf8))
        #expect(result.fingers == 5 && result.enrolled == 5)
        #expect(result.extractCount == 55)
        #expect(result.extractMillisecondsMedian == 11.916)
        #expect(result.genuineAccepted == 14 && result.genuineTotal == 15)
        #expect(result.falseMatches == 0 && result.impostorProbes == 15)
        #expect(result.genuineScoreCount == 12)
        #expect(result.maxImpostorScore == 20)
        // Foundation's JSON parser on Linux may be off in the last bits of a 17-digit number.
        #expect(abs((result.verifyMillisecondsMedian ?? 0) - 19.840316999761853) < 1e-9)
    }

    @Test func logLinesBeforeTheObjectAreIgnored() throws {
        let output = "libfprint-virtual_image-DEBUG: something\n" + NBISAnchorFixture.fvc2004
        #expect(try NBISAnchorResult(anchorOutput: Data(output.utf8)).genuineAccepted == 14)
    }

    @Test func nullMediansStayNil() throws {
        let output = NBISAnchorFixture.fvc2004.replacingOccurrences(of: #""median": 11.916"#, with: #""median": null"#)
        #expect(try NBISAnchorResult(anchorOutput: Data(output.utf8)).extractMillisecondsMedian == nil)
    }

    @Test(arguments: [
        (#""genuine_total": 15, "#, "", "genuine_total", "present"),
        (#""median": 11.916"#, #""median": "fast""#, "extract_ms.median", "a number or null"),
        (#""genuine_accepted": 14"#, #""genuine_accepted": true"#, "genuine_accepted", "a non-negative integer"),
        (#""fingers": 5"#, #""fingers": 5.5"#, "fingers", "a non-negative integer"),
        (#""impostor_scores": [16"#, #""impostor_scores": ["16""#, "impostor_scores[0]", "a non-negative integer"),
        (
            #""extract_ms": {"n": 55, "median": 11.916, "mean": 11.930563636363637}"#, #""extract_ms": [55]"#,
            "extract_ms", "an object"
        ),
        (#""genuine_accepted": 14"#, #""genuine_accepted": 16"#, "genuine_accepted", "at most genuine_total (15)"),
    ])
    func malformedFieldsAreNamed(original: String, replacement: String, field: String, expected: String) throws {
        let output = NBISAnchorFixture.fvc2004.replacingOccurrences(of: original, with: replacement)
        #expect(output != NBISAnchorFixture.fvc2004)
        #expect {
            try NBISAnchorResult(anchorOutput: Data(output.utf8))
        } throws: { error in
            guard case let .invalidField(badField, badExpected, _) = error as? NBISAnchorError else { return false }
            return badField == field && badExpected == expected
        }
    }

    @Test(arguments: ["", "Traceback (most recent call last):\n  ImportError: no FPrint", "{\"anchor\": ", "[1, 2]"])
    func nonObjectOutputIsNotJSON(output: String) throws {
        #expect {
            try NBISAnchorResult(anchorOutput: Data(output.utf8))
        } throws: { error in
            guard case .notJSON = error as? NBISAnchorError else { return false }
            return true
        }
    }

    @Test func missingInterpreterOrScriptIsSaid() async throws {
        let folder = try TestFolders.temporary()
        defer { TestFolders.remove(folder) }
        await #expect(throws: NBISAnchorError.interpreterMissing(path: folder + "/python3")) {
            try await NBISAnchor(script: "/bin/true", interpreter: folder + "/python3").runOffPool(folder: folder)
        }
        await #expect(throws: NBISAnchorError.scriptMissing(path: folder + "/nbis_anchor.py")) {
            try await NBISAnchor(script: folder + "/nbis_anchor.py", interpreter: "/bin/sh").runOffPool(folder: folder)
        }
    }

    @Test func scriptOutputIsParsedAndItsArgumentsPassed() async throws {
        let folder = try TestFolders.temporary()
        defer { TestFolders.remove(folder) }
        let script = try Self.script(
            in: folder,
            """
            [ "$1" = "\(folder)" ] && [ "$2" = "--enroll" ] && [ "$3" = "1,2" ] && [ "$5" = "3" ] || exit 9
            echo 'libfprint log line' >&2
            cat <<'JSON'
            \(NBISAnchorFixture.fvc2004)JSON
            """)
        let result = try await NBISAnchor(script: script, interpreter: "/bin/sh")
            .runOffPool(folder: folder, plan: ImpressionPlan(enroll: [1, 2], probe: [3]))
        #expect(result.genuineAccepted == 14)
    }

    @Test func failingScriptReportsStatusAndErrorOutput() async throws {
        let folder = try TestFolders.temporary()
        defer { TestFolders.remove(folder) }
        let script = try Self.script(in: folder, "echo \"ValueError: Namespace FPrint not available\" >&2\nexit 3")
        await #expect(throws: NBISAnchorError.failed(status: 3, stderr: "ValueError: Namespace FPrint not available")) {
            try await NBISAnchor(script: script, interpreter: "/bin/sh").runOffPool(folder: folder)
        }
    }

    @Test func hangingScriptIsStopped() async throws {
        let folder = try TestFolders.temporary()
        defer { TestFolders.remove(folder) }
        let script = try Self.script(in: folder, "exec sleep 30")
        await #expect(throws: NBISAnchorError.timedOut(seconds: 0.3)) {
            try await NBISAnchor(script: script, interpreter: "/bin/sh", timeoutSeconds: 0.3).runOffPool(folder: folder)
        }
    }

    static func script(in folder: String, _ body: String) throws -> String {
        let path = folder + "/anchor.sh"
        try Data(body.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
