import FuzzTargets

FuzzDriver.main(.tiff)
