import Biometrics

/// Photo enrollment (`push_user_face`) as machine stages. After the member look-up each photo in turn
/// is fetched, analysed and checked for duplicates; the first that gives a template is committed to
/// the slot its `id` names and answers the `oper_id`. The photos after it run on as an operation of
/// their own (`.remainingPhotos`, with the same receipt and deadlines): their templates fill their
/// slots as plain uploads and their failures are not sent. When no photo gives a template, the first
/// photo's failure answers the push (111 cannot be fetched or decoded within the photo limits and
/// deadline, 103 no face, 104 not usable or an `id` that names no face slot, 105 duplicate, 110
/// analysis or storage failed); a decoder held by a decode abandoned at its deadline ends the push at
/// once, since later photos would only wait behind it. Fetch and analysis are capture stages (capture
/// deadline), the duplicate check is processing (result deadline), and being one operation of the
/// machine makes a photo push busy both ways (101) and keeps its slots from any other enrollment.
extension EnrollmentMachine {
    /// The answers a photo operation handles its own way; nil leaves the event to the common handling.
    mutating func handlePhotoWork(_ event: EnrollmentEvent, of op: EnrollmentOperation) -> [EnrollmentEffect]? {
        switch (event, op.stage) {
        case (.photoFetched(_, let bytes), .fetchingPhoto(let photo)):
            running?.stage = .analysingPhoto(photo)
            return [.analysePhoto(op.token, bytes)]
        case (.photoAnalysed(_, let template), .analysingPhoto):
            guard template.modality == .face, template.algorithm == photoAlgorithm else {
                return photoFailed(
                    PhotoRejection(
                        .deviceFault(
                            "the photo analyzer built a \(template.modality.rawValue) template of \(template.algorithm)"
                        )))
            }
            return [prompt(op, .processing)] + checkDuplicates(template, op)
        case (.photoRejected(_, let rejection), .fetchingPhoto), (.photoRejected(_, let rejection), .analysingPhoto):
            return photoFailed(rejection)
        case (.duplicateChecked(_, let other?), .checkingDuplicates):
            return [.notice("\(op.request.userid)'s photo template matches \(other)")]
                + photoFailed(PhotoRejection(.duplicate(.face)))
        case (.storeFailed(_, let why), .checkingDuplicates), (.storeFailed(_, let why), .committing):
            return photoFailed(PhotoRejection(.deviceFault("storage: \(why)")))
        default:
            return nil
        }
    }

    /// Starts the next photo whose `id` names a face slot; ends the operation when none is left.
    mutating func nextPhoto() -> [EnrollmentEffect] {
        guard let token = running?.token else { return [] }
        var effects: [EnrollmentEffect] = []
        while let photo = running?.photosLeft.first {
            running?.photosLeft.removeFirst()
            guard let slot = SlotID(.face, photo.slotIndex) else {
                effects.append(
                    .notice(
                        "\(token): photo \(photo.mediaID): id \(photo.slotIndex) names no face slot "
                            + "(\(Modality.face.slotRange.lowerBound)-\(Modality.face.slotRange.upperBound))"))
                if running?.firstPhotoFailure == nil { running?.firstPhotoFailure = .poorQuality }
                continue
            }
            running?.slot = slot
            running?.stage = .fetchingPhoto(photo)
            return effects + [.fetchPhoto(token, mediaID: photo.mediaID)]
        }
        return effects + fail(running?.firstPhotoFailure ?? .nothingDetected(.face))
    }

    /// The current photo gave no template: the next one, or the end when the decoder is held.
    private mutating func photoFailed(_ rejection: PhotoRejection) -> [EnrollmentEffect] {
        guard let op = running else { return [] }
        let first = op.firstPhotoFailure ?? rejection.failure
        running?.firstPhotoFailure = first
        let notice = EnrollmentEffect.notice(
            "\(op.token): the photo for slot \(op.slot?.index ?? -1) gave no template: \(rejection)")
        if rejection.decoderHeld { return [notice] + fail(first) }
        return [notice] + nextPhoto()
    }

    /// After a photo operation's commit (the machine is idle again), the photos left run on as an
    /// operation of their own, received when the push was.
    mutating func continuePhotos(after op: EnrollmentOperation) -> [EnrollmentEffect] {
        guard op.isPhotoOperation, !op.photosLeft.isEmpty, running == nil,
            let answered = op.request.operID ?? op.request.answeredOperID
        else { return [] }
        let request = EnrollmentRequest(
            origin: .remainingPhotos(answered: answered), userid: op.request.userid, userType: op.userType,
            modality: .face, source: .photos(op.photosLeft))
        let token = begin(request, receivedAt: op.receivedAt, wallClock: op.wallClock)
        return [.notice("\(token): \(op.photosLeft.count) more photo(s) of oper_id \(answered) fill their slots")]
            + deadlineWakeUps(token, receivedAt: op.receivedAt) + nextPhoto()
    }
}
