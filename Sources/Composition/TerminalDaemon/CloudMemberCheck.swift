import Biometrics
import Enrollment
import Logging
import WeComDevice

/// Asks the cloud (`check_userid`) whether a userid the terminal does not know is in the device's
/// scope; a request that fails (timeout, not connected, an error response) is no answer (110), not
/// "not in scope" (108).
struct CloudMemberCheck: MemberVerifier {
    let client: WeComClient
    let logger: Logger

    func verifyUnknownMember(_ userid: UserID) async -> MemberVerification {
        do {
            let result = try await client.send(CheckUserID(users: [UserRef(userid: userid)]))
            return result.legal.contains(userid.rawValue) ? .inScope(Member(userid: userid)) : .notInScope
        } catch {
            logger.warning("check_userid \(userid) failed: \(error)")
            return .noAnswer("\(error)")
        }
    }
}
