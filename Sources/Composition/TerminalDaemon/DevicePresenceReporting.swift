import DeviceSetup

extension TerminalReporter {
    /// Reports the presence of the fingerprint module and the camera now, then every change of it
    /// (`TerminalEvent.devicePresence`): the console prints it, the status file keeps it.
    public func followPresence(fingerprint: FingerprintDevice?, face: FaceDevice?) {
        fingerprint?.presence?.observe { presence in report(.devicePresence(.fingerprint, presence)) }
        face?.presence?.observe { presence in report(.devicePresence(.camera, presence)) }
    }
}
