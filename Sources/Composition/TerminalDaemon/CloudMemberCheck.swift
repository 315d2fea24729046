import Biometrics
import Enrollment
import Logging
import WeComDevice

/// Asks the cloud (`check_userid`) whether a userid the terminal does not know is in the device's
/// scope; a failed request counts as "not known".
struct CloudMemberCheck: MemberVerifier {
    let client: WeComClient
    let logger: Logger

    func verifyUnknownMember(_ userid: UserID) async -> Member? {
        do {
            let result = try await client.send(CheckUserID(users: [UserRef(userid: userid)]))
            guard result.legal.contains(userid.rawValue) else { return nil }
            return Member(userid: userid)
        } catch {
            logger.warning("check_userid \(userid) failed: \(error)")
            return nil
        }
    }
}
