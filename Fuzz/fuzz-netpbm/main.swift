import FuzzTargets

FuzzDriver.main(.netpbm)
