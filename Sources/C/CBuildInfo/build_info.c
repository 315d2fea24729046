#include "build_info.h"

#ifndef ATTENDANCE_VERSION
#error "ATTENDANCE_VERSION is defined by Package.swift from the VERSION file"
#endif

const char *attendance_build_version(void) { return ATTENDANCE_VERSION; }
