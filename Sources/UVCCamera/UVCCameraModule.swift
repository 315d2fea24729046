public enum UVCCameraModule {}
