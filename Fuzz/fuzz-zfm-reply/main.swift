import FuzzTargets

FuzzDriver.main(.zfmReply)
