public enum CameraSimModule {}
