import Foundation
import FuzzTargets
import Testing

/// Every committed fuzz input replayed through its target's entry point, without the fuzzer or a
/// sanitizer: the seeds are real inputs the decoders must read, and every input the fuzzer ever made
/// crash, hang or blow memory stays here as a regression test.
struct FuzzCorpusTests {
    @Test(arguments: FuzzTarget.allCases)
    func seedsDecodeAsExpected(target: FuzzTarget) {
        let seeds = FuzzInputs.seeds(target)
        #expect(!seeds.isEmpty, "Fuzz/Corpus/\(target.rawValue) has no seeds")
        for seed in seeds {
            let bytes = FuzzInputs.bytes(seed)
            #expect(bytes.count <= target.maxInputLength, "\(seed): longer than -max_len, the fuzzer would cut it")
            let outcome = target.run(bytes)
            if FuzzInputs.mustBeRejected(seed) {
                #expect(!outcome.isAccepted, "\(seed): \(outcome.summary)")
            } else {
                #expect(outcome.isAccepted, "\(seed): \(outcome.summary)")
            }
        }
    }

    /// Each regression input runs in a child process, so one that still crashes fails this test (naming
    /// the file) instead of ending the whole test run.
    @Test(arguments: FuzzTarget.allCases)
    func regressionInputsNoLongerCrash(target: FuzzTarget) async {
        let name = target.rawValue
        for path in FuzzInputs.regressions(target) {
            await #expect(processExitsWith: .success, "\(path)") { [name = name as String, path = path as String] in
                _ = FuzzTarget(rawValue: name)?.run(FuzzInputs.bytes(path))
            }
        }
    }

    /// The Makefile fuzzes every Fuzz/fuzz-* folder: each must be one target's executable, running that target.
    @Test func everyTargetHasItsExecutable() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: FuzzInputs.root.path)
            .filter { $0.hasPrefix("fuzz-") }.sorted()
        #expect(folders == FuzzTarget.allCases.map(\.executableName).sorted())
        for target in FuzzTarget.allCases {
            let main = FuzzInputs.root.appendingPathComponent("\(target.executableName)/main.swift").path
            let source = try String(contentsOfFile: main, encoding: .utf8)
            #expect(source.contains("FuzzDriver.main(.\(target))"), "\(main) does not run .\(target)")
        }
    }

    @Test func replayReadsFilesAndFolders() throws {
        let folder = FuzzInputs.root.appendingPathComponent("Corpus/\(FuzzTarget.photoFrame.rawValue)").path
        let files = try FuzzDriver.inputFiles(at: folder)
        #expect(files == FuzzInputs.seeds(.photoFrame))
        #expect(try FuzzDriver.inputFiles(at: files[0]) == [files[0]])
        #expect(throws: (any Error).self) { try FuzzDriver.inputFiles(at: folder + "/no-such-file") }
    }
}
