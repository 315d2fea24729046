public enum FingerprintUSBModule {}
