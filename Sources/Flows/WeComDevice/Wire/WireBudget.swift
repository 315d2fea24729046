import JSONSupport

/// What the cloud may send, bounded, in one place: the WebSocket message size given to the WebSocket
/// library and the JSON budgets of a text frame. Limits the protocol itself sets (list lengths, slot counts,
/// the timestamp's type) are in `ProtocolLimits`; the photo frame's are `PhotoFrame`'s.
public enum WireBudget {
    /// Largest WebSocket message, text or binary (and so also the largest frame): a pull page of 200 members
    /// with all their templates is a few MiB; a `download_photo` frame is its photo plus a small header.
    public static let maxMessageBytes = 16 << 20

    /// The JSON budgets of one text frame. The deepest frame the protocol has is six levels
    /// (`{body:{userinfo:[{fp:[{id,data}]}]}}`); the largest a pull page of 200 members of about 90 values each;
    /// the longest string a template in base64.
    public static let json = JSONLimits(
        maxBytes: maxMessageBytes, maxDepth: 16, maxValues: 250_000, maxStringBytes: 1 << 20)
}
