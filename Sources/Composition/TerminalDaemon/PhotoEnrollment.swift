import Biometrics
import Enrollment
import FaceEnrollment
import Foundation
import WeComDevice

/// Legacy photo-based face enrollment (`push_user_face`): each photo is downloaded with `download_photo`,
/// turned into a protected template and dropped at once; the first good one fills its slot (the photo's
/// `id`) and answers the `oper_id`, the others fill their slots as plain uploads. When no photo gives
/// a template, the failure of the first one is reported (103 no face, 104 not usable, 105 duplicate,
/// 108 unknown member, 110 no face recognition, 111 a photo that cannot be fetched or decoded within
/// the photo limits and deadline). One runs at a time: a push arriving meanwhile is answered 101 at
/// once, and so is a photo whose decode still waits behind an earlier one stuck past its deadline.
struct PhotoEnrollment: Sendable {
    let store: any EnrollmentStore
    /// The store, then `check_userid` for a member the terminal does not know.
    let members: MemberLookup
    let sink: any EnrollmentResultSink
    let pipeline: FacePipeline?
    let download: @Sendable (String) async throws -> Data
    let resultDeadline: Duration
    let wallClock: @Sendable () -> Date
    let gate = PhotoEnrollmentGate()

    /// Runs the enrollment to its end; throws only when the push cannot be answered (no `oper_id`).
    func run(_ command: UserFaceCommand) async throws -> EnrollmentOutcome {
        let receivedAt = wallClock()
        let started = ContinuousClock.now
        let request = try EnrollmentRequest.cloud(
            operID: command.operID, userid: command.userid, userType: command.userType, modality: .face)
        let result: EnrollmentOutcome.Result
        if let ticket = gate.enter() {
            result = await enroll(command, receivedAt: receivedAt, ticket: ticket)
            ticket.leave()
        } else {
            result = await fail(command, .busy, receivedAt)
        }
        return EnrollmentOutcome(request: request, result: result, elapsed: started.duration(to: .now))
    }

    private func enroll(
        _ command: UserFaceCommand, receivedAt: Date, ticket: PhotoEnrollmentGate.Ticket
    ) async -> EnrollmentOutcome.Result {
        guard let pipeline else {
            ticket.leave()
            return await fail(command, .deviceFault("no face recognition installed"), receivedAt)
        }
        do {
            guard try await members.member(command.userid) != nil else {
                ticket.leave()
                return await fail(command, .unknownMember, receivedAt)
            }
        } catch {
            ticket.leave()
            return await fail(command, .deviceFault("store: \(error)"), receivedAt)
        }
        var firstFailure: EnrollmentFailure?
        var answered: SlotID?
        photos: for (index, photo) in command.photos.enumerated() {
            switch await template(from: photo, of: command.userid, pipeline: pipeline) {
            case .failure(let rejection):
                firstFailure = firstFailure ?? rejection.failure
                // Later photos would only wait behind the stuck decode and be refused.
                if rejection.decoderHeld { break photos }
            case .success(let (slot, template)):
                // The deadline is judged when the commit starts and again when it has returned.
                let enrollment = { [command, answered] in
                    CommittedEnrollment(
                        operID: answered == nil ? command.operID : nil, userid: command.userid,
                        userType: command.userType,
                        slot: slot, template: template, receivedAt: receivedAt,
                        withinResultDeadline: withinDeadline(receivedAt))
                }
                do {
                    try await store.commitEnrollment(enrollment())
                } catch {
                    firstFailure = firstFailure ?? .deviceFault("store: \(error)")
                    continue
                }
                if index == command.photos.count - 1 { ticket.leave() }
                await sink.deliverSuccess(enrollment())
                if answered == nil { answered = slot }
            }
        }
        ticket.leave()
        if let answered { return .enrolled(answered, reportedWithOperID: withinDeadline(receivedAt)) }
        return await fail(command, firstFailure ?? .nothingDetected(.face), receivedAt)
    }

    /// The slot and protected template of one photo; the photo's bytes go out of scope here.
    private func template(
        from photo: UserFacePhoto, of userid: UserID, pipeline: FacePipeline
    ) async -> Result<(SlotID, Template), PhotoRejection> {
        guard let slot = SlotID(.face, photo.id) else {
            return .failure(PhotoRejection(.poorQuality))
        }
        let bytes: Data
        do {
            bytes = try await download(photo.mediaID)
        } catch {
            return .failure(PhotoRejection(.invalidPhoto("download_photo \(photo.mediaID): \(error)")))
        }
        let template: Template
        switch await pipeline.template(fromPhoto: bytes) {
        case .success(let made): template = made
        case .failure(.noFace): return .failure(PhotoRejection(.nothingDetected(.face)))
        case .failure(.analysisFailed(let why)): return .failure(PhotoRejection(.deviceFault(why)))
        case .failure(.undecodable(.worker(.stillBehindEarlierJob))):
            // An earlier photo's decode, abandoned at its deadline, still holds the decoder.
            return .failure(PhotoRejection(.busy, decoderHeld: true))
        case .failure(.undecodable(.worker(.cancelled(let worker)))):
            return .failure(PhotoRejection(.deviceFault("\(worker): cancelled")))
        case .failure(.undecodable(let why)):
            let decoderHeld = if case .worker(.deadlinePassed) = why { true } else { false }
            return .failure(
                PhotoRejection(.invalidPhoto("photo \(photo.mediaID): \(why)"), decoderHeld: decoderHeld))
        case .failure(.poorQuality): return .failure(PhotoRejection(.poorQuality))
        }
        do {
            let others = try await store.templates(modality: .face, algorithm: template.algorithm, excluding: userid)
            if try await PairwiseSearcher(matcher: pipeline.matcher).firstMatch(for: template, among: others) != nil {
                return .failure(PhotoRejection(.duplicate(.face)))
            }
        } catch {
            return .failure(PhotoRejection(.deviceFault("duplicate check: \(error)")))
        }
        return .success((slot, template))
    }

    private func fail(_ command: UserFaceCommand, _ failure: EnrollmentFailure, _ receivedAt: Date) async
        -> EnrollmentOutcome.Result
    {
        guard withinDeadline(receivedAt) else { return .failed(failure, reported: false) }
        await sink.deliverFailure(
            FailedEnrollment(
                operID: command.operID, userid: command.userid, userType: command.userType, modality: .face,
                failure: failure, receivedAt: receivedAt))
        return .failed(failure, reported: true)
    }

    private func withinDeadline(_ receivedAt: Date) -> Bool {
        wallClock().timeIntervalSince(receivedAt) < Double(resultDeadline.components.seconds)
    }
}

/// Why one photo gave no template.
private struct PhotoRejection: Error {
    let failure: EnrollmentFailure
    /// The photo decoder is held by a decode abandoned at its deadline.
    let decoderHeld: Bool

    init(_ failure: EnrollmentFailure, decoderHeld: Bool = false) {
        self.failure = failure
        self.decoderHeld = decoderHeld
    }
}
