/// Times one call with the given clock, keeping the call's value and typed error.
func timed<T, E: Error>(_ clock: any Clock<Duration>, _ body: () throws(E) -> T) throws(E)
    -> (value: T, elapsed: Duration)
{
    var outcome: Result<T, E>?
    let elapsed: Duration = clock.measure { outcome = Result { () throws(E) -> T in try body() } }
    guard let outcome else { preconditionFailure("Clock.measure returned without running its closure") }
    return (try outcome.get(), elapsed)
}
