public enum FingerprintModuleSimModule {}
