import FuzzTargets

FuzzDriver.main(.wecomFrame)
