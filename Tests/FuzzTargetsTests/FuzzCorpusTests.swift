import Foundation
import Testing

@testable import FuzzTargets

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
    /// the file) instead of ending the whole test run; the child also fails when the input took the
    /// process past the memory budget, and the kernel stops it when it spins (a CPU limit, far above the
    /// time budget, not a wall clock).
    @Test(arguments: FuzzTarget.allCases)
    func regressionInputsStayWithinBudget(target: FuzzTarget) async {
        let name = target.rawValue
        for path in FuzzInputs.regressions(target) {
            await #expect(processExitsWith: .success, "\(path)") { [name = name as String, path = path as String] in
                FuzzBudget.limitReplayCPU()
                _ = FuzzTarget(rawValue: name)?.run(FuzzInputs.bytes(path))
                if FuzzBudget.peakRSSMegabytes() > FuzzBudget.rssLimitMB { exit(3) }
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

/// The harness's own helpers.
struct FuzzHarnessTests {
    /// The PNG target repairs chunk CRCs: with every CRC of a real file zeroed, the repair gives the file back.
    @Test func pngChunkCRCsAreRepaired() {
        for seed in FuzzInputs.seeds(.png) {
            let original = FuzzInputs.bytes(seed)
            var damaged = original
            var offset = 8
            while offset + 12 <= damaged.count {
                let length = damaged[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
                for index in 0..<4 { damaged[offset + 8 + length + index] = 0 }
                offset += 12 + length
            }
            #expect(damaged != original)
            #expect(PNGFuzz.withChunkCRCsFixed(damaged) == original, "\(seed)")
        }
    }
}
