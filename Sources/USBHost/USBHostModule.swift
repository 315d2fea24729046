public enum USBHostModule {}
