/// Instruction codes of the ZFM command set.
public enum ZFMInstruction: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case genImg = 0x01
    case img2Tz = 0x02
    case match = 0x03
    case search = 0x04
    case regModel = 0x05
    case store = 0x06
    case loadChar = 0x07
    case upChar = 0x08
    case downChar = 0x09
    case upImage = 0x0A
    case downImage = 0x0B
    case deleteChar = 0x0C
    case empty = 0x0D
    case setSysPara = 0x0E
    case readSysPara = 0x0F
    case setPwd = 0x12
    case vfyPwd = 0x13
    case getRandomCode = 0x14
    case setAddr = 0x15
    case highSpeedSearch = 0x1B
    case templateNum = 0x1D
    case readIndexTable = 0x1F
    case auraLedConfig = 0x35

    /// The manual's name, e.g. "GenImg".
    public var name: String {
        switch self {
        case .genImg: "GenImg"
        case .img2Tz: "Img2Tz"
        case .match: "Match"
        case .search: "Search"
        case .regModel: "RegModel"
        case .store: "Store"
        case .loadChar: "LoadChar"
        case .upChar: "UpChar"
        case .downChar: "DownChar"
        case .upImage: "UpImage"
        case .downImage: "DownImage"
        case .deleteChar: "DeleteChar"
        case .empty: "Empty"
        case .setSysPara: "SetSysPara"
        case .readSysPara: "ReadSysPara"
        case .setPwd: "SetPwd"
        case .vfyPwd: "VfyPwd"
        case .getRandomCode: "GetRandomCode"
        case .setAddr: "SetAddr"
        case .highSpeedSearch: "HighSpeedSearch"
        case .templateNum: "TemplateNum"
        case .readIndexTable: "ReadIndexTable"
        case .auraLedConfig: "AuraLedConfig"
        }
    }

    /// Whether repeating the command after a lost or damaged reply is harmless. Commands that
    /// change the flash library, the password or the address are never repeated.
    public var isIdempotent: Bool {
        switch self {
        case .store, .deleteChar, .empty, .setPwd, .setAddr, .downImage: false
        default: true
        }
    }

    public var description: String { name }
}
