import Foundation

/// The `main` of every fuzz executable. Built normally it replays the files and folders given as arguments
/// through the target (a crash input can be re-run in the debugger without the fuzzer); built with
/// `-D FUZZING` (and libFuzzer linked, see the Makefile's `fuzz-build`) it hands control to libFuzzer.
public enum FuzzDriver {
    /// Runs `target` as this process's job and exits with its status.
    public static func main(_ target: FuzzTarget) -> Never {
        #if FUZZING
            exit(LibFuzzer.run(target))
        #else
            exit(replay(target, paths: Array(CommandLine.arguments.dropFirst())))
        #endif
    }

    /// Runs every file named in `paths` (folders: the regular files in them, sorted) and prints each outcome;
    /// 0 unless a path could not be read.
    public static func replay(_ target: FuzzTarget, paths: [String]) -> Int32 {
        guard !paths.isEmpty else {
            print(
                "usage: \(target.executableName) FILE|FOLDER... (replays the inputs; the fuzzer needs a -D FUZZING build)"
            )
            return 2
        }
        var status: Int32 = 0
        for path in paths {
            let files: [String]
            do {
                files = try inputFiles(at: path)
            } catch {
                print("\(path): unreadable: \(error)")
                status = 1
                continue
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("\(file): unreadable")
                    status = 1
                    continue
                }
                print("\(file): \(target.run([UInt8](data)).summary)")
            }
        }
        let peak = FuzzBudget.peakRSSMegabytes()
        print("peak RSS \(peak) MB (the fuzzer's budget, ASan included: \(FuzzBudget.rssLimitMB) MB)")
        return status
    }

    /// `path` itself when it is a file, else the regular files directly in it, sorted (hidden files skipped).
    public static func inputFiles(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        guard isDirectory.boolValue else { return [path] }
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            .filter { !$0.hasPrefix(".") }
            .map { (path as NSString).appendingPathComponent($0) }
            .filter { file in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) && !isFolder.boolValue
            }
    }
}
