/// Error codes the simulator answers with.
///
/// 600002–600054 are the codes of the protocol spec §4.5 (observed in a public terminal implementation).
/// Codes from 600100 up are the simulator's own (no official table exists); each is documented here.
public enum CloudErrorCode {
    /// Success.
    public static let ok = 0
    /// §4.5 REGISTERED: the device is already registered (register answers it with the active_code;
    /// get_secret_no answers it because the call is no longer allowed).
    public static let alreadyRegistered = 600002
    /// §4.5 INVALID_ACTIVECODE: `active` with an unknown active_code.
    public static let invalidActiveCode = 600003
    /// §4.5 NOT_AUTHOR: enterprise not authorised — wrong or stale secret, or the device is unbound.
    public static let notAuthorised = 600004
    /// §4.5 NOT_REGISTERED: a command that needs a registered device.
    public static let notRegistered = 600014
    /// §4.5 NOT_LOGIN: a command that needs `subscribe_corp` first.
    public static let notLoggedIn = 600020

    /// Own: `active` while the device is not yet bound to a corp; the device keeps polling every 5 s.
    public static let notBoundYet = 600100
    /// Own: `device_signature` does not match.
    public static let invalidSignature = 600101
    /// Own: signature timestamp more than 5 minutes away from the cloud's clock.
    public static let timestampExpired = 600102
    /// Own: `sn` not known to the cloud, or no usable key for it.
    public static let unknownDevice = 600103
    /// Own: a required field is missing or has the wrong type or range.
    public static let invalidParameter = 600110
    /// Own: unknown `cmd`.
    public static let unknownCommand = 600111
    /// Own: `headers.req_id` missing or repeated.
    public static let invalidRequestID = 600112
    /// Own: more than 200 entries in one call.
    public static let tooManyItems = 600113
    /// Own: template data is not valid base64.
    public static let invalidBase64 = 600120
    /// Own: template data looks like an image, not a non-reversible template.
    public static let imageNotTemplate = 600121
    /// Own: an enrollment result arrived more than 60 s after the push.
    public static let resultTooLate = 600122
    /// Own: `oper_id` unknown, of another device, already answered or cancelled, or of another userid.
    public static let invalidOperation = 600123
    /// Own: `fp_algorithm` / `fa_algorithm` not declared at `subscribe_corp`.
    public static let undeclaredAlgorithm = 600124
    /// Own: errcode 0 with an `oper_id` but every template slot empty (would delete, not enroll).
    public static let emptyResult = 600125
    /// Own: `download_photo` of a media_id the cloud does not hold for this device (or cannot serve).
    public static let unknownMedia = 600126
}
