import FuzzTargets

FuzzDriver.main(.isoRecord)
