import FuzzTargets

FuzzDriver.main(.jpeg)
