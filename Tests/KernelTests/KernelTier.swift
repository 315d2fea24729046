import Foundation
import Testing

/// Tier 3: suites that need real kernel drivers run only inside the throwaway VM that
/// `scripts/vm/run-in-vm.sh` boots (it sets ATTENDANCE_TIER3=1); everywhere else they are skipped.
enum KernelTier {
    /// True inside the tier-3 VM (environment ATTENDANCE_TIER3=1).
    static var insideVM: Bool { ProcessInfo.processInfo.environment["ATTENDANCE_TIER3"] == "1" }

    /// The reason shown when a tier-3 suite is skipped.
    static let skipReason: Comment = "tier 3: runs inside the VM (make test-vm, scripts/vm/run-in-vm.sh)"
}
