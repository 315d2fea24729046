import FuzzTargets

FuzzDriver.main(.config)
