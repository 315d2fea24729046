#ifndef CBUILDINFO_BUILD_INFO_H
#define CBUILDINFO_BUILD_INFO_H

/// The release this binary was built as: the top-level VERSION file, read by Package.swift.
const char *attendance_build_version(void);

#endif
