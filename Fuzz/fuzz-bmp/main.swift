import FuzzTargets

FuzzDriver.main(.bmp)
