import Foundation
import Hummingbird

/// Admin routes of `checkin`:
///
///     GET /admin/passages[?userid=]  → [{index, sn, userid, user_type, timestamp, pass_type, pass_method,
///                                       received_at, repeated}], oldest first
///     POST /admin/faults {next_checkin_connection: drop_before_applying|drop_after_applying|swallow_answer|none}
///
/// (`fail_users` of `POST /admin/faults` applies to `checkin` records too.)
extension CloudSimulator {
    nonisolated func addCheckinRoutes(to admin: RouterGroup<SimRequestContext>) {
        admin.get("passages") { request, _ in
            AdminResponse.encoded(
                await self.passages(userid: request.uri.queryParameters["userid"].map(String.init))
            ).response
        }
    }

    /// Reads `next_checkin_connection` of a fault request into `settings`.
    func applyCheckinFaults(_ body: AdminBody, to settings: inout CloudFaults) throws {
        guard let raw = try body.optionalString("next_checkin_connection") else { return }
        if raw == "none" {
            settings.nextCheckinConnection = nil
            return
        }
        guard let fault = CloudUploadConnectionFault(rawValue: raw) else {
            let names = CloudUploadConnectionFault.allCases.map(\.rawValue) + ["none"]
            throw CloudSimError.invalidField(
                field: "next_checkin_connection", expected: "one of \(names.joined(separator: ", ")), got \"\(raw)\"")
        }
        settings.nextCheckinConnection = fault
    }
}
