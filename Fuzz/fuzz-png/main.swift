import FuzzTargets

FuzzDriver.main(.png)
