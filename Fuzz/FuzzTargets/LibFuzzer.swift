#if FUZZING
    import Foundation

    /// libFuzzer's entry for programs that have their own `main` (compiler-rt's FuzzerInterface.h). The
    /// fuzz build links `libclang_rt.fuzzer_no_main`, which defines it; `-sanitize=fuzzer` would link the
    /// archive with libFuzzer's own `main` instead, which clashes with ours.
    @_silgen_name("LLVMFuzzerRunDriver")
    private func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// The target the C callback runs: set once, before libFuzzer starts, and only read afterwards
    /// (libFuzzer calls the callback from the thread that called `LLVMFuzzerRunDriver`).
    nonisolated(unsafe) private var selectedTarget: FuzzTarget = .zfmPacket

    enum LibFuzzer {
        /// Runs libFuzzer with this process's arguments on `target`, adding the budget (`-rss_limit_mb`,
        /// `-timeout`) and the target's `-max_len` where not given, and saying which limits apply; its exit status.
        static func run(_ target: FuzzTarget) -> Int32 {
            selectedTarget = target
            var arguments = CommandLine.arguments
            let defaults = [
                ("-rss_limit_mb", FuzzBudget.rssLimitMB), ("-timeout", FuzzBudget.timeoutSeconds),
                ("-max_len", target.maxInputLength),
            ]
            for (flag, value) in defaults where !arguments.contains(where: { $0.hasPrefix(flag + "=") }) {
                arguments.append("\(flag)=\(value)")
            }
            let limits = arguments.filter { argument in defaults.contains { argument.hasPrefix($0.0 + "=") } }
            FileHandle.standardError.write(
                Data("\(target.executableName) limits: \(limits.joined(separator: " "))\n".utf8))
            // libFuzzer keeps pointers into argv for the whole run: the copies are never freed.
            var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            var argc = Int32(arguments.count)
            return cArguments.withUnsafeMutableBufferPointer { buffer in
                var argv = buffer.baseAddress!
                return runDriver(&argc, &argv)
            }
        }

        private static func runDriver(
            _ argc: UnsafeMutablePointer<Int32>,
            _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>
        ) -> Int32 {
            LLVMFuzzerRunDriver(argc, argv) { data, size in
                let bytes = size == 0 ? [] : [UInt8](UnsafeBufferPointer(start: data, count: size))
                _ = selectedTarget.run(bytes)
                return 0
            }
        }
    }
#endif
