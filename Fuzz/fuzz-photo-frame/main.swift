import FuzzTargets

FuzzDriver.main(.photoFrame)
