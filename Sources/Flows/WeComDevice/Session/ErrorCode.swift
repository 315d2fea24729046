/// The errcodes the session reacts to (spec 4.5).
public enum ErrorCode {
    public static let registered = 600002
    public static let invalidActiveCode = 600003
    public static let notAuthorised = 600004
    public static let keepAliveRegistered = 600012
    public static let notRegistered = 600014
    public static let notActive = 600016
    public static let notLoggedIn = 600020
    public static let subscribed = 600045
    public static let alreadyActive = 600053
    public static let alreadySubscribed = 600054
}
