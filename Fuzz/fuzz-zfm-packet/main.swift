import FuzzTargets

FuzzDriver.main(.zfmPacket)
