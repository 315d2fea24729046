import Foundation

/// Tier 3: the suites that need the real kernel drivers of the tier-3 VM (`scripts/vm/run-in-vm.sh` sets
/// ATTENDANCE_TIER3=1 inside it).
enum KernelTier {
    static var insideVM: Bool { ProcessInfo.processInfo.environment["ATTENDANCE_TIER3"] == "1" }
}
