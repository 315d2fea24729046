import Foundation
import JSONSupport

/// A photo held for a `push_user_face` operation.
struct StoredPhoto: Sendable {
    let operID: String
    let sn: String
    let known: KnownPhoto
}

/// Legacy photo enrollment (spec §6.3): `push_user_face` → `download_photo` (binary frame, §3.3) →
/// `upload_userinfo` with the oper_id.
extension CloudSimulator {
    /// The device command that fetches a photo.
    static let downloadPhotoCmd = "download_photo"
    /// Largest photo the simulator stores.
    public static let maxPhotoBytes = 8 << 20
    /// Face slots per member.
    static let faceSlots = 0...11

    /// Stores the photos as media, pushes `push_user_face{oper_id, userid, user_type, face_info[{id, media_id,
    /// media_type, photo_size}]}` to a bound, logged-in device and returns the new oper_id.
    public func pushUserFace(sn: String, userid: String, photos: [(slot: Int, jpeg: Data)]) throws -> String {
        guard let device = deviceTable[sn] else { throw CloudSimError.unknownDevice(sn: sn) }
        guard let member = directory.person(userid) else { throw CloudSimError.unknownMember(userid: userid) }
        let entries = try Self.validatedPhotos(photos)
        guard device.bound else { throw CloudSimError.deviceNotBound(sn: sn) }
        guard let id = device.connection, connections[id]?.loggedIn == true else {
            throw CloudSimError.deviceOffline(sn: sn)
        }
        let operID = newOperID()
        var operationPhotos: [CloudOperationPhoto] = []
        for (index, entry) in entries.enumerated() {
            let mediaID = "media-\(operationOrder.count + 1)-\(index)-\(Self.randomHex(bytes: 6))"
            photoMedia[mediaID] = StoredPhoto(
                operID: operID, sn: sn, known: KnownPhoto(mediaID: mediaID, bytes: entry.bytes))
            operationPhotos.append(
                CloudOperationPhoto(
                    slot: entry.slot, mediaID: mediaID, mediaType: entry.mediaType, size: entry.bytes.count,
                    downloads: 0))
        }
        let operation = CloudOperation(
            operID: operID, sn: sn, userid: userid, userType: member.userType, pageType: .face,
            pushedAt: wallClock.now(), status: .pending, trigger: .userFace, photos: operationPhotos)
        operationsByID[operID] = operation
        operationOrder.append(operID)
        let faceInfo: [JSONValue] = operationPhotos.map { photo in
            [
                "id": .integer(Int64(photo.slot)), "media_id": .string(photo.mediaID),
                "media_type": .string(photo.mediaType),
                "photo_size": .integer(Int64(photo.size)),
            ]
        }
        push(
            to: sn, cmd: "push_user_face",
            body: [
                "oper_id": .string(operID), "userid": .string(userid), "user_type": .integer(Int64(member.userType)),
                "face_info": .array(faceInfo),
            ])
        eventSink.yield(.operationChanged(operation))
        return operID
    }

    /// Every stored photo, for the upload checker.
    var knownPhotos: [KnownPhoto] { photoMedia.values.map(\.known) }

    private static func validatedPhotos(_ photos: [(slot: Int, jpeg: Data)]) throws -> [(
        slot: Int, bytes: Data, mediaType: String
    )] {
        guard (1...faceSlots.count).contains(photos.count) else {
            throw CloudSimError.invalidField(
                field: "photos", expected: "1-\(faceSlots.count) photos, got \(photos.count)")
        }
        var seen: Set<Int> = []
        return try photos.enumerated().map { index, photo in
            guard faceSlots.contains(photo.slot) else {
                throw CloudSimError.invalidField(field: "photos[\(index)].slot", expected: "0-11, got \(photo.slot)")
            }
            guard seen.insert(photo.slot).inserted else {
                throw CloudSimError.invalidField(
                    field: "photos[\(index)].slot",
                    expected: "a slot not used by another photo, got \(photo.slot) twice")
            }
            guard (1...maxPhotoBytes).contains(photo.jpeg.count) else {
                throw CloudSimError.invalidField(
                    field: "photos[\(index)].jpeg", expected: "1-\(maxPhotoBytes) bytes, got \(photo.jpeg.count)")
            }
            guard let mediaType = mediaType(of: photo.jpeg) else {
                throw CloudSimError.invalidField(
                    field: "photos[\(index)].jpeg", expected: "JPEG (FF D8 FF) or PNG bytes")
            }
            return (photo.slot, photo.jpeg, mediaType)
        }
    }

    private static func mediaType(of bytes: Data) -> String? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }

    /// Answers `download_photo {media_id, format_version: 1}` with the binary frame, or a JSON error.
    func servePhoto(body: RequestBody, reqID: String, connection id: Int) -> Answer {
        func failure(_ code: Int, _ message: String) -> Answer {
            .reply(Reply(reqID: reqID, errcode: code, errmsg: message))
        }
        guard let connection = connections[id], connection.loggedIn, let sn = connection.sn else {
            return failure(
                CloudErrorCode.notLoggedIn, "download_photo needs a logged-in device; call subscribe_corp first")
        }
        let mediaID: String
        do {
            mediaID = try body.requiredString("media_id")
        } catch let error as CommandFailure {
            return failure(error.errcode, error.errmsg)
        } catch {
            return failure(CloudErrorCode.invalidParameter, "\(error)")
        }
        guard let version = body.value?["format_version"] else {
            return failure(CloudErrorCode.invalidParameter, "body.format_version: expected 1, but it is missing")
        }
        guard version.strictIntValue == 1 else {
            return failure(
                CloudErrorCode.invalidParameter, "body.format_version: expected 1, got \(version.jsonText())")
        }
        guard let stored = photoMedia[mediaID], stored.sn == sn, faults.photoFault != .unservable else {
            return failure(CloudErrorCode.unknownMedia, "media_id \"\(mediaID)\" is unknown or expired")
        }
        updateOperation(stored.operID) { operation in
            for index in operation.photos.indices where operation.photos[index].mediaID == mediaID {
                operation.photos[index].downloads += 1
            }
        }
        let photo = stored.known.bytes
        let frame = Self.photoFrame(reqID: reqID, data: photo, fault: faults.photoFault)
        return .photo(reqID: reqID, frame: frame, summary: "photo \(mediaID): \(photo.count) bytes in a binary frame")
    }

    /// `[4B LE format_version][4B LE req_id_len][req_id][4B LE data_len][data]`, damaged as `fault` says.
    static func photoFrame(reqID: String, data: Data, fault: CloudPhotoFault?) -> Data {
        let sentReqID = fault == .unknownReqID ? "not-\(reqID)" : reqID
        var frame = Data()
        appendLittleEndian(fault == .wrongFormatVersion ? 2 : 1, to: &frame)
        appendLittleEndian(UInt32(sentReqID.utf8.count), to: &frame)
        frame.append(contentsOf: Array(sentReqID.utf8))
        appendLittleEndian(UInt32(data.count), to: &frame)
        frame.append(fault == .truncatedFrame ? data.prefix(data.count / 2) : data)
        if fault == .trailingBytes { frame.append(contentsOf: [0, 0, 0, 0]) }
        return frame
    }

    private static func appendLittleEndian(_ value: UInt32, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}
